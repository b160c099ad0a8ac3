import ClusterState
import Foundation
import KubeModels
import Testing

@Suite("Snapshot fast path")
struct SnapshotFastPathTests {
    /// The state built the plain way: objects decoded whole, then typed with `Codable`.
    private func plainState(_ data: Data, now: Date? = nil) throws -> ClusterState {
        try ClusterState(objects: SnapshotLoader.decodeObjects(data, source: "plain"), now: now)
    }

    private func expectSame(_ fast: ClusterState, _ plain: ClusterState, _ name: String) {
        // Events keep only name, namespace and uid as metadata on the List path (as before): the
        // typed form of an event is its NormalizedEvent.
        func isEvent(_ object: KubeObject) -> Bool { object.kind == "Event" }
        #expect(fast.objects.filter { !isEvent($0) } == plain.objects.filter { !isEvent($0) }, "\(name): objects")
        #expect(fast.objects.map(\.raw) == plain.objects.map(\.raw), "\(name): raw objects")
        #expect(fast.objects.map { [$0.apiVersion, $0.kind, $0.name, $0.namespace ?? "", $0.metadata.uid ?? ""] }
            == plain.objects.map { [$0.apiVersion, $0.kind, $0.name, $0.namespace ?? "", $0.metadata.uid ?? ""] }, "\(name): identities")
        #expect(fast.now == plain.now, "\(name): now")
        #expect(fast.pods == plain.pods, "\(name): pods")
        #expect(fast.deployments == plain.deployments, "\(name): deployments")
        #expect(fast.replicaSets == plain.replicaSets, "\(name): replicaSets")
        #expect(fast.services == plain.services, "\(name): services")
        #expect(fast.nodes == plain.nodes, "\(name): nodes")
        #expect(fast.namespaces == plain.namespaces, "\(name): namespaces")
        #expect(fast.statefulSets == plain.statefulSets, "\(name): statefulSets")
        #expect(fast.endpointSlices == plain.endpointSlices, "\(name): endpointSlices")
        #expect(fast.resourceQuotas == plain.resourceQuotas, "\(name): resourceQuotas")
        #expect(fast.persistentVolumeClaims == plain.persistentVolumeClaims, "\(name): claims")
        #expect(fast.karsSandboxes == plain.karsSandboxes, "\(name): sandboxes")
        #expect(fast.jobs == plain.jobs, "\(name): jobs")
        #expect(fast.events == plain.events, "\(name): events")
        for object in plain.objects {
            let key = ObjectKey(object)
            #expect(fast.events(for: key) == plain.events(for: key), "\(name): events of \(key)")
            #expect(fast.rootController(of: key) == plain.rootController(of: key), "\(name): root of \(key)")
        }
    }

    @Test("every scenario builds the same state through the fast path as through whole-document decoding")
    func scenariosAgree() throws {
        for name in Scenarios.names {
            let path = Scenarios.root.appendingPathComponent(name).appendingPathComponent("cluster.json").path
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            expectSame(try SnapshotLoader.load(paths: [path]), try plainState(data), name)
        }
    }

    /// A List big enough to be decoded in several concurrent chunks, with every item kind mixed in.
    private func bigList() throws -> Data {
        var items: [JSONValue] = []
        let scenarioItems = try Scenarios.names.flatMap { name -> [JSONValue] in
            let path = Scenarios.root.appendingPathComponent(name).appendingPathComponent("cluster.json")
            return try JSONParser.parse(Data(contentsOf: path))["items"]?.arrayValue ?? []
        }
        for copy in 0..<12 {
            for item in scenarioItems {
                var renamed = item
                if let name = item[path: "metadata", "name"]?.stringValue { renamed["metadata"]?["name"] = .string("\(name)-\(copy)") }
                if let uid = item[path: "metadata", "uid"]?.stringValue { renamed["metadata"]?["uid"] = .string("\(uid)-\(copy)") }
                items.append(renamed)
            }
        }
        return Data(JSONValue.object(["apiVersion": "v1", "kind": "List", "items": .array(items)]).jsonString(pretty: true).utf8)
    }

    @Test("a List of thousands of mixed objects decodes in order across chunks, like the plain path")
    func bigListAgrees() throws {
        let data = try bigList()
        let fast = try SnapshotLoader.state(from: data, source: "big")
        #expect(fast.objects.count > 2048)
        expectSame(fast, try plainState(data), "big list")
        let fixed = Date(timeIntervalSince1970: 1_000)
        #expect(try SnapshotLoader.state(from: data, source: "big", now: fixed).now == fixed)
    }

    @Test("now is the newest observation time, read from the bytes as from the tree", arguments: [
        // A later duplicate key hides the newer time before it, as in the tree.
        #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","creationTimestamp":"2026-11-28T11:00:00Z","creationTimestamp":"2026-11-28T09:00:00Z"}}"#,
        #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a"},"status":{"x":{"startedAt":"2026-11-28T11:00:00Z"},"x":{"y":1}}}"#,
        // Escaped keys and values, offsets, fractions, nested arrays; strings in arrays and other keys do not count.
        #"{"kind":"Event","apiVersion":"v1","metadata":{"name":"e"},"last\u0054imestamp":"2026-11-28T10:30:00Z","involvedObject":{"kind":"Pod","name":"p"}}"#,
        #"{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"p"},"status":{"conditions":[[{"lastProbeTime":"2026-11-28T10:40:00+02:00"}]],"startTime":"2026-11-28T10:41:00.75Z"}}"#,
        #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c","annotations":{"note":"2026-12-31T00:00:00Z"}},"data":{"list":["2026-12-31T00:00:00Z"]},"x":[{"finishedAt":"2026-11-28T10:\u00350:00Z"}]}"#,
        #"{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"name":"n"},"status":{"conditions":[{"type":"Ready","lastHeartbeatTime":"1999-01-01T00:00:00 "}]}}"#,
    ])
    func newestTime(item: String) throws {
        let base = #"{"kind":"Namespace","apiVersion":"v1","metadata":{"name":"ns","creationTimestamp":"2026-11-28T08:00:00Z"}}"#
        let data = Data((#"{"kind":"List","items":["# + base + "," + item + "]}").utf8)
        let fast = try SnapshotLoader.state(from: data, source: "doc.json")
        #expect(fast.now == (try plainState(data)).now)
    }

    @Test("errors in a List read exactly as the whole-document path reports them")
    func errorsUnchanged() throws {
        let good = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"a"},"spec":{"containers":[{"name":"c"}]}}"#
        let badPod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"bad","namespace":"a"},"spec":{"containers":[{"name":"c"}]},"status":{"containerStatuses":[{"name":"c","restartCount":"x"}]}}"#
        let badQuantity = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"q"},"spec":{"containers":[{"name":"c","resources":{"limits":{"memory":"lots"}}}]}}"#
        let brokenItem = #"{"kind":"List","items":["# + good + #",{"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"},"spec":{"containers":[}}]}"#
        let brokenTail = #"{"kind":"List","items":["# + badPod + "," + good + #"],"trailing":nul}"#
        func syntaxOffset(_ text: String) -> Int? {
            do {
                _ = try JSONParser.parse(Data(text.utf8))
                return nil
            } catch {
                return (error as? JSONParser.SyntaxError)?.offset
            }
        }
        let brokenItemOffset = try #require(syntaxOffset(brokenItem))
        let brokenTailOffset = try #require(syntaxOffset(brokenTail))
        let cases: [(document: String, expected: ClusterStateError)] = [
            (#"{"kind":"List","items":["# + good + "," + badPod + "]}",
             .undecodable(object: "Pod bad in doc.json", detail: ".status.containerStatuses[0].restartCount: expected Int: expected Int, found a string")),
            (#"{"kind":"List","items":["# + good + #",{"metadata":{"name":"nokind"}}]}"#,
             .notKubernetesJSON(path: "doc.json", reason: "items[1] has no apiVersion or kind")),
            (brokenItem,
             .notKubernetesJSON(path: "doc.json", reason: "not valid JSON: invalid JSON at byte \(brokenItemOffset): unexpected character")),
            (brokenTail,
             .notKubernetesJSON(path: "doc.json", reason: "not valid JSON: invalid JSON at byte \(brokenTailOffset): invalid literal")),
        ]
        for (document, expected) in cases {
            let error = #expect(throws: ClusterStateError.self) { try SnapshotLoader.state(from: Data(document.utf8), source: "doc.json") }
            #expect(error == expected)
        }
        let quantity = #expect(throws: KubeModelError.self) {
            try SnapshotLoader.state(from: Data((#"{"kind":"List","items":["# + good + "," + badQuantity + "]}").utf8), source: "doc.json")
        }
        #expect(quantity == .invalidQuantity("lots"))
    }
}
