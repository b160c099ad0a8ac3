import Foundation
import KubeModels

/// Defaults the real API server fills on create for the kinds whose defaults clients rely on
/// (replicas, strategies, pod spec fields, requests from limits, service cluster IPs).
enum Defaulting {
    static func applyCreateDefaults(_ object: inout JSONValue, resource: GroupResource, clusterIP: () -> String) {
        switch resource {
        case .namespaces:
            object.setValue(.string(object.name), at: ["metadata", "labels", "kubernetes.io/metadata.name"])
            if object[path: "spec", "finalizers"] == nil { object.setValue(["kubernetes"], at: ["spec", "finalizers"]) }
            if object[path: "status", "phase"] == nil { object.setValue("Active", at: ["status", "phase"]) }
        case .pods:
            defaultPodSpec(&object, at: ["spec"])
            if object[path: "status", "phase"] == nil {
                object.setValue("Pending", at: ["status", "phase"])
                object.setValue(.string(qosClass(object["spec"] ?? .null)), at: ["status", "qosClass"])
            }
        case .deployments:
            setIfMissing(&object, ["spec", "replicas"], 1)
            setIfMissing(&object, ["spec", "revisionHistoryLimit"], 10)
            setIfMissing(&object, ["spec", "progressDeadlineSeconds"], 600)
            if object[path: "spec", "strategy"] == nil {
                object.setValue(
                    ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": "25%"]],
                    at: ["spec", "strategy"])
            }
            defaultPodSpec(&object, at: ["spec", "template", "spec"])
        case .replicasets:
            setIfMissing(&object, ["spec", "replicas"], 1)
            defaultPodSpec(&object, at: ["spec", "template", "spec"])
        case .statefulsets:
            setIfMissing(&object, ["spec", "replicas"], 1)
            setIfMissing(&object, ["spec", "podManagementPolicy"], "OrderedReady")
            setIfMissing(&object, ["spec", "revisionHistoryLimit"], 10)
            if object[path: "spec", "updateStrategy"] == nil {
                object.setValue(["type": "RollingUpdate", "rollingUpdate": ["partition": 0]], at: ["spec", "updateStrategy"])
            }
            defaultPodSpec(&object, at: ["spec", "template", "spec"])
        case .daemonsets:
            setIfMissing(&object, ["spec", "revisionHistoryLimit"], 10)
            if object[path: "spec", "updateStrategy"] == nil {
                object.setValue(
                    ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": 0, "maxUnavailable": 1]],
                    at: ["spec", "updateStrategy"])
            }
            defaultPodSpec(&object, at: ["spec", "template", "spec"])
        case GroupResource(group: "batch", resource: "jobs"):
            setIfMissing(&object, ["spec", "backoffLimit"], 6)
            setIfMissing(&object, ["spec", "completions"], 1)
            setIfMissing(&object, ["spec", "parallelism"], 1)
            setIfMissing(&object, ["spec", "completionMode"], "NonIndexed")
            setIfMissing(&object, ["spec", "suspend"], false)
            defaultPodSpec(&object, at: ["spec", "template", "spec"], restartPolicy: "Never")
        case GroupResource(group: "batch", resource: "cronjobs"):
            setIfMissing(&object, ["spec", "suspend"], false)
            setIfMissing(&object, ["spec", "concurrencyPolicy"], "Allow")
            setIfMissing(&object, ["spec", "successfulJobsHistoryLimit"], 3)
            setIfMissing(&object, ["spec", "failedJobsHistoryLimit"], 1)
            defaultPodSpec(&object, at: ["spec", "jobTemplate", "spec", "template", "spec"], restartPolicy: "Never")
        case .services:
            setIfMissing(&object, ["spec", "type"], "ClusterIP")
            setIfMissing(&object, ["spec", "sessionAffinity"], "None")
            if object[path: "spec", "clusterIP"] == nil || object[path: "spec", "clusterIP"]?.stringValue == "" {
                let ip = object[path: "spec", "type"]?.stringValue == "ExternalName" ? nil : clusterIP()
                if let ip {
                    object.setValue(.string(ip), at: ["spec", "clusterIP"])
                    object.setValue([.string(ip)], at: ["spec", "clusterIPs"])
                }
            }
            if var ports = object[path: "spec", "ports"]?.arrayValue {
                for index in ports.indices {
                    if ports[index]["protocol"] == nil { ports[index]["protocol"] = "TCP" }
                    if ports[index]["targetPort"] == nil { ports[index]["targetPort"] = ports[index]["port"] }
                }
                object.setValue(.array(ports), at: ["spec", "ports"])
            }
        case .secrets:
            setIfMissing(&object, ["type"], "Opaque")
            foldStringData(&object)
        case .serviceaccounts, .configmaps, .events:
            break
        default:
            break
        }
    }

    /// `stringData` is write-only: merged into base64 `data`.
    static func foldStringData(_ object: inout JSONValue) {
        guard let stringData = object["stringData"]?.objectValue else { return }
        var data = object["data"]?.objectValue ?? [:]
        for (key, value) in stringData {
            data[key] = .string(Data((value.stringValue ?? "").utf8).base64EncodedString())
        }
        object["data"] = .object(data)
        object["stringData"] = nil
    }

    private static func setIfMissing(_ object: inout JSONValue, _ path: [String], _ value: JSONValue) {
        if object.value(at: path) == nil { object.setValue(value, at: path) }
    }

    static func defaultPodSpec(_ object: inout JSONValue, at path: [String], restartPolicy: String = "Always") {
        guard var spec = object.value(at: path), spec.objectValue != nil else { return }
        if spec["restartPolicy"] == nil { spec["restartPolicy"] = .string(restartPolicy) }
        if spec["terminationGracePeriodSeconds"] == nil { spec["terminationGracePeriodSeconds"] = 30 }
        if spec["dnsPolicy"] == nil { spec["dnsPolicy"] = "ClusterFirst" }
        if spec["schedulerName"] == nil { spec["schedulerName"] = "default-scheduler" }
        if spec["securityContext"] == nil { spec["securityContext"] = .object([:]) }
        if spec["serviceAccountName"] == nil, path == ["spec"] { spec["serviceAccountName"] = "default" }
        if spec["serviceAccountName"] != nil, spec["serviceAccount"] == nil { spec["serviceAccount"] = spec["serviceAccountName"] }
        for listKey in ["containers", "initContainers"] {
            guard var containers = spec[listKey]?.arrayValue else { continue }
            for index in containers.indices {
                var container = containers[index]
                if container["terminationMessagePath"] == nil { container["terminationMessagePath"] = "/dev/termination-log" }
                if container["terminationMessagePolicy"] == nil { container["terminationMessagePolicy"] = "File" }
                if container["imagePullPolicy"] == nil {
                    let image = container["image"]?.stringValue ?? ""
                    let lastPart = image.split(separator: "/").last.map(String.init) ?? image
                    let pinned = image.contains("@") || (lastPart.contains(":") && !lastPart.hasSuffix(":latest"))
                    container["imagePullPolicy"] = pinned ? "IfNotPresent" : "Always"
                }
                var resources = container["resources"]?.objectValue ?? [:]
                if let limits = resources["limits"]?.objectValue {
                    var requests = resources["requests"]?.objectValue ?? [:]
                    for (name, value) in limits where requests[name] == nil { requests[name] = value }
                    resources["requests"] = .object(requests)
                }
                container["resources"] = .object(resources)
                if var ports = container["ports"]?.arrayValue {
                    for portIndex in ports.indices where ports[portIndex]["protocol"] == nil {
                        ports[portIndex]["protocol"] = "TCP"
                    }
                    container["ports"] = .array(ports)
                }
                containers[index] = container
            }
            spec[listKey] = .array(containers)
        }
        object.setValue(spec, at: path)
    }

    /// The pod's QoS class from its containers' requests and limits.
    static func qosClass(_ spec: JSONValue) -> String {
        let containers = (spec["containers"]?.arrayValue ?? []) + (spec["initContainers"]?.arrayValue ?? [])
        var anySet = false
        var guaranteed = true
        for container in containers {
            let requests = container[path: "resources", "requests"]?.objectValue ?? [:]
            let limits = container[path: "resources", "limits"]?.objectValue ?? [:]
            if !requests.isEmpty || !limits.isEmpty { anySet = true }
            for resource in ["cpu", "memory"] {
                guard let limit = limits[resource] else {
                    guaranteed = false
                    continue
                }
                if let request = requests[resource], request != limit { guaranteed = false }
            }
        }
        if !anySet { return "BestEffort" }
        return guaranteed ? "Guaranteed" : "Burstable"
    }
}
