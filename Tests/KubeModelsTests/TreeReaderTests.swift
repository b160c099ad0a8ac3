import Foundation
import KubeModels
import Testing

/// The public scenarios' objects (`../shared/scenarios/*/cluster.json`).
enum ScenarioItems {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/scenarios")

    static func files() throws -> [URL] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted()
        let files = names.map { root.appendingPathComponent("\($0)/cluster.json") }.filter { FileManager.default.fileExists(atPath: $0.path) }
        try #require(files.count >= 14, "scenarios not found at \(root.path)")
        return files
    }

    static func all() throws -> [JSONValue] {
        try files().flatMap { try JSONParser.parse(Data(contentsOf: $0))["items"]?.arrayValue ?? [] }
    }
}

@Suite("Hand-written tree readers")
struct TreeReaderTests {
    /// Compares the hand-written reader with Codable on one tree; true when it was compared.
    private func agree(_ item: JSONValue) throws -> String? {
        let kind = item["kind"]?.stringValue ?? ""
        switch (item["apiVersion"]?.stringValue ?? "", kind) {
        case ("v1", "Pod"): #expect(Pod(json: item) == (try item.decode(as: Pod.self)))
        case ("apps/v1", "Deployment"): #expect(Deployment(json: item) == (try item.decode(as: Deployment.self)))
        case ("apps/v1", "ReplicaSet"): #expect(ReplicaSet(json: item) == (try item.decode(as: ReplicaSet.self)))
        case ("v1", "Service"): #expect(Service(json: item) == (try item.decode(as: Service.self)))
        case ("v1", "Node"): #expect(Node(json: item) == (try item.decode(as: Node.self)))
        case ("v1", "Namespace"): #expect(Namespace(json: item) == (try item.decode(as: Namespace.self)))
        default: return nil
        }
        return kind
    }

    @Test("every scenario Pod, Deployment, ReplicaSet, Service, Node and Namespace reads as Codable decodes it")
    func scenariosAgree() throws {
        var compared: [String: Int] = [:]
        for item in try ScenarioItems.all() {
            if let kind = try agree(item) { compared[kind, default: 0] += 1 }
        }
        #expect(compared["Pod", default: 0] > 40)
        for kind in ["Deployment", "ReplicaSet", "Service", "Node", "Namespace"] {
            #expect(compared[kind, default: 0] >= 10, "\(kind) compared \(compared[kind, default: 0]) times")
        }
    }

    /// A pod using every field the model has, in the shapes the API allows (numbers for
    /// quantities, integral doubles for integers, nulls for absent values).
    static let everyField: JSONValue = try! JSONParser.parse(Data(#"""
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"web-1","generateName":"web-","namespace":"shop","uid":"u1","resourceVersion":"42","generation":3,
           "creationTimestamp":"2026-11-28T09:00:00Z","deletionTimestamp":"2026-11-28T09:59:00.5Z","deletionGracePeriodSeconds":30,
           "labels":{"app":"web"},"annotations":{"note":"x"},"finalizers":["f/one"],
           "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-7d","uid":"rs1","controller":true,"blockOwnerDeletion":true}],
           "managedFields":[{"manager":"kubectl"}]},
         "spec":{"nodeName":"node-1","nodeSelector":{"disk":"ssd"},"restartPolicy":"Always","terminationGracePeriodSeconds":30,
           "serviceAccountName":"web","priorityClassName":"high","schedulerName":"default-scheduler","affinity":{"nodeAffinity":{}},
           "tolerations":[{"key":"k","operator":"Equal","value":"v","effect":"NoExecute","tolerationSeconds":300},{"operator":"Exists"}],
           "volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"data","readOnly":false}},{"name":"cfg","configMap":{"name":"cfg","optional":true}},
             {"name":"tls","secret":{"secretName":"tls"}},{"name":"tmp","emptyDir":{}}],
           "initContainers":[{"name":"init","image":"busybox","command":["sh","-c"],"args":["true"]}],
           "containers":[{"name":"web","image":"nginx:1.27","imagePullPolicy":"IfNotPresent","ports":[{"name":"http","containerPort":8080.0,"protocol":"TCP"}],
             "resources":{"requests":{"cpu":"100m","memory":134217728,"nvidia.com/gpu":1.0},"limits":{"memory":"256Mi","cpu":0.5}},
             "readinessProbe":{"httpGet":{"path":"/ready","port":8080}},"livenessProbe":{"tcpSocket":{"port":"http"}},"startupProbe":null,
             "envFrom":[{"configMapRef":{"name":"cfg"}},{"secretRef":{"name":"sec","optional":true}}],
             "env":[{"name":"PASSWORD","value":"not modelled"}],
             "volumeMounts":[{"name":"data","mountPath":"/data","readOnly":true}]}]},
         "status":{"phase":"Running","startTime":"2026-11-28T09:00:01Z","reason":null,"message":"m","hostIP":"10.0.0.1","podIP":"10.1.0.1",
           "nominatedNodeName":"node-2","qosClass":"Burstable",
           "conditions":[{"type":"Ready","status":"False","reason":"ContainersNotReady","message":"not ready","lastTransitionTime":"2026-11-28T09:01:00Z",
             "lastProbeTime":null,"lastUpdateTime":"2026-11-28T09:01:00Z","lastHeartbeatTime":"2026-11-28T09:01:00Z","observedGeneration":2}],
           "initContainerStatuses":[{"name":"init","ready":true,"restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}],
           "containerStatuses":[{"name":"web","image":"nginx:1.27","imageID":"sha256:1","ready":false,"started":true,"restartCount":7,
             "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 5m0s"}},
             "lastState":{"terminated":{"exitCode":137,"signal":9,"reason":"OOMKilled","message":"killed","startedAt":"2026-11-28T09:50:00Z","finishedAt":"2026-11-28T09:51:00Z"}}},
             {"name":"side","state":{"running":{"startedAt":"2026-11-28T09:02:00Z"}}}]}}
        """#.utf8))

    @Test("a pod using every modelled field reads as Codable decodes it")
    func everyFieldAgrees() throws {
        let item = Self.everyField
        let fast = try #require(Pod(json: item))
        #expect(fast == (try item.decode(as: Pod.self)))
        #expect(fast.spec?.containers.first?.resources?.requests?["memory"]?.text == "134217728")
        #expect(fast.spec?.containers.first?.resources?.requests?["nvidia.com/gpu"]?.text == "1")
        #expect(fast.spec?.containers.first?.resources?.limits?["cpu"]?.text == "0.5")
        #expect(fast.status?.containerStatuses?.first?.lastState?.terminated?.signal == 9)
        #expect(fast.spec?.containers.first?.startupProbe == nil)
    }

    @Test("Deployment, Service and Node fields beyond the scenarios read as Codable decodes them")
    func otherKindsAgree() throws {
        let deployment = try JSONParser.parse(Data(#"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},
             "spec":{"replicas":3,"minReadySeconds":5,"revisionHistoryLimit":10,"progressDeadlineSeconds":600,"paused":false,
               "selector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["a","b"]},{"key":"x","operator":"DoesNotExist"}]},
               "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}},
               "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}},
             "status":{"observedGeneration":4,"replicas":3,"updatedReplicas":3,"readyReplicas":2,"availableReplicas":2,"unavailableReplicas":1,
               "collisionCount":0,"conditions":[{"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded"}]}}
            """#.utf8))
        #expect(Deployment(json: deployment) != nil)
        #expect(Deployment(json: deployment) == (try deployment.decode(as: Deployment.self)))
        let replicaSet = try JSONParser.parse(Data(#"""
            {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-1","annotations":{"deployment.kubernetes.io/revision":"2"}},
             "spec":{"replicas":1,"minReadySeconds":0,"selector":{"matchLabels":{"app":"web"}}},
             "status":{"replicas":1,"fullyLabeledReplicas":1,"readyReplicas":1,"availableReplicas":1,"observedGeneration":2,"conditions":[]}}
            """#.utf8))
        #expect(ReplicaSet(json: replicaSet) == (try replicaSet.decode(as: ReplicaSet.self)))
        let service = try JSONParser.parse(Data(#"""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"type":"NodePort","clusterIP":"10.0.0.9","externalName":null,
             "selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":"http","protocol":"TCP","nodePort":30080},{"port":81,"targetPort":8081.0}]}}
            """#.utf8))
        #expect(Service(json: service) == (try service.decode(as: Service.self)))
        let node = try JSONParser.parse(Data(#"""
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"},
             "spec":{"unschedulable":true,"podCIDR":"10.244.0.0/24","providerID":"azure://x",
               "taints":[{"key":"node.kubernetes.io/unreachable","effect":"NoExecute","timeAdded":"2026-11-28T09:00:00Z"},{"key":"k","value":"v","effect":"NoSchedule"}]},
             "status":{"capacity":{"cpu":"8","pods":110},"allocatable":{"memory":"32Gi"},"addresses":[{"type":"InternalIP","address":"10.0.0.4"}],
               "nodeInfo":{"kubeletVersion":"v1.32.0"},"conditions":[{"type":"Ready","status":"Unknown","lastHeartbeatTime":"2026-11-28T09:00:00Z"}]}}
            """#.utf8))
        #expect(Node(json: node) == (try node.decode(as: Node.self)))
        let namespace = try JSONParser.parse(Data(#"""
            {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop","deletionTimestamp":"2026-11-28T09:00:00Z"},
             "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Terminating","conditions":[{"type":"NamespaceDeletionContentFailure","status":"True"}]}}
            """#.utf8))
        #expect(Namespace(json: namespace) == (try namespace.decode(as: Namespace.self)))
        let bare = try JSONParser.parse(Data(#"{"metadata":{"name":"x"}}"#.utf8))
        #expect(Namespace(json: bare) == (try bare.decode(as: Namespace.self)), "apiVersion and kind absent read as Codable reads them")
    }

    /// Replaces the value at a path of object keys and array indexes.
    private func replacing(_ value: JSONValue, at path: [Any], with replacement: JSONValue?) -> JSONValue {
        guard let first = path.first else { return replacement ?? .null }
        let rest = Array(path.dropFirst())
        switch (value, first) {
        case (.object(var fields), let key as String):
            if rest.isEmpty, replacement == nil {
                fields[key] = nil
            } else {
                fields[key] = replacing(fields[key] ?? .null, at: rest, with: replacement)
            }
            return .object(fields)
        case (.array(var items), let index as Int):
            items[index] = replacing(items[index], at: rest, with: replacement)
            return .array(items)
        default:
            return value
        }
    }

    @Test("whatever Codable rejects, the reader leaves to Codable (nil), so errors stay Codable's")
    func mismatchesFallBack() throws {
        let cases: [([Any], JSONValue?)] = [
            (["metadata"], nil),
            (["metadata"], "web-1"),
            (["metadata", "labels", "app"], 3),
            (["metadata", "labels", "app"], .null),
            (["metadata", "generation"], 1.5),
            (["metadata", "creationTimestamp"], "yesterday"),
            (["metadata", "ownerReferences", 0, "uid"], nil),
            (["metadata", "finalizers", 0], .null),
            (["spec"], "none"),
            (["spec", "containers"], nil),
            (["spec", "containers"], .null),
            (["spec", "containers", 0, "name"], 7),
            (["spec", "containers", 0, "ports", 0, "containerPort"], "8080"),
            (["spec", "containers", 0, "resources", "limits", "memory"], "lots"),
            (["spec", "containers", 0, "resources", "limits", "memory"], true),
            (["spec", "initContainers", 0, "command", 0], 1),
            (["spec", "tolerations", 0, "tolerationSeconds"], "300"),
            (["spec", "volumes", 0, "persistentVolumeClaim", "claimName"], nil),
            (["status", "containerStatuses", 0, "restartCount"], "7"),
            (["status", "containerStatuses", 0, "ready"], "false"),
            (["status", "containerStatuses", 0, "state"], []),
            (["status", "conditions", 0, "status"], nil),
            (["status", "startTime"], 1_795_000_000),
        ]
        for (path, replacement) in cases {
            let item = replacing(Self.everyField, at: path, with: replacement)
            #expect(item != Self.everyField, "\(path) was replaced")
            #expect(Pod(json: item) == nil, "\(path) = \(String(describing: replacement))")
            #expect(throws: (any Error).self, "\(path)") { try item.decode(as: Pod.self) }
        }
        let selector = try JSONParser.parse(Data(#"{"metadata":{},"spec":{"selector":{"matchExpressions":[{"key":"a","operator":"Near"}]}}}"#.utf8))
        #expect(Deployment(json: selector) == nil)
        #expect(throws: (any Error).self) { try selector.decode(as: Deployment.self) }
        let port = try JSONParser.parse(Data(#"{"metadata":{},"spec":{"ports":[{"port":80,"targetPort":true}]}}"#.utf8))
        #expect(Service(json: port) == nil)
        #expect(throws: (any Error).self) { try port.decode(as: Service.self) }
    }

    @Test("a quantity read again (from the cache of parsed texts) is the one first read; bad text throws every time")
    func quantityCache() throws {
        for text in ["100m", "1.5Gi", " 2k", "1e3", "0.25"] {
            let first = try Quantity(text)
            let again = try Quantity(text)
            #expect(first == again && first.text == again.text && first.value == again.value, "\(text)")
        }
        #expect(try Quantity("1.5Gi").value == 1_610_612_736)
        for _ in 0..<2 { #expect(throws: KubeModelError.invalidQuantity("12 apples")) { try Quantity("12 apples") } }
    }

    @Test("what Codable accepts loosely, the reader accepts the same way")
    func looseShapesAgree() throws {
        let cases: [([Any], JSONValue?)] = [
            (["status", "containerStatuses", 0, "restartCount"], 7.0),
            (["metadata", "labels"], .null),
            (["spec", "affinity"], .null),
            (["spec", "affinity"], "anything"),
            (["status"], .null),
            (["spec", "containers", 0, "resources", "limits", "memory"], 2.5e9),
        ]
        for (path, replacement) in cases {
            let item = replacing(Self.everyField, at: path, with: replacement)
            let fast = Pod(json: item)
            #expect(fast != nil, "\(path)")
            #expect(fast == (try item.decode(as: Pod.self)), "\(path)")
        }
    }
}
