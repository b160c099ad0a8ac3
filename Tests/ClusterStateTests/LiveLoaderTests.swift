import ClusterState
import Foundation
import KubeAPI
import KubeModels
import Testing

/// Serves a snapshot as an API server would (one collection per resource path, items without
/// apiVersion/kind, pages of `limit` items) and records every request.
final class SnapshotTransport: KubeTransport, @unchecked Sendable {
    let server = "https://fake.invalid"
    private let lock = NSLock()
    private var collections: [String: [JSONValue]] = [:]
    private var recorded: [KubeRequest] = []
    private let forbidden: Set<String>

    init(snapshot: ClusterState, forbidden: Set<String> = []) {
        self.forbidden = forbidden
        for object in snapshot.objects {
            let group = object.apiVersion.contains("/") ? object.apiVersion : ""
            guard let resource = LiveLoader.defaultResources.first(where: {
                $0.kind == object.kind && ($0.apiVersion == object.apiVersion || (group.isEmpty && $0.group.isEmpty))
            }) else { continue }
            var item = object.raw
            item["apiVersion"] = nil
            item["kind"] = nil
            let allPath = (try? resource.path()) ?? ""
            collections[allPath, default: []].append(item)
            if resource.namespaced, let namespace = object.namespace {
                collections[(try? resource.path(namespace: namespace)) ?? "", default: []].append(item)
            }
        }
    }

    var requests: [KubeRequest] { lock.withLock { recorded } }

    func send(_ request: KubeRequest) async throws -> KubeResponse {
        lock.withLock { recorded.append(request) }
        if forbidden.contains(request.path) {
            return KubeResponse(
                status: 403,
                body: Data(#"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"forbidden","reason":"Forbidden","code":403}"#.utf8))
        }
        guard let items = lock.withLock({ collections[request.path] }) ?? (request.path.contains("kars.azure.com") ? nil : []) else {
            return KubeResponse(
                status: 404,
                body: Data(#"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","code":404}"#.utf8))
        }
        let limit = request.queryValue("limit").flatMap(Int.init) ?? items.count
        let start = request.queryValue("continue").flatMap(Int.init) ?? 0
        let page = Array(items.dropFirst(start).prefix(limit))
        var metadata: JSONValue = ["resourceVersion": "42"]
        if start + page.count < items.count { metadata["continue"] = .string(String(start + page.count)) }
        let body: JSONValue = ["apiVersion": "v1", "kind": "List", "metadata": metadata, "items": .array(page)]
        return KubeResponse(status: 200, body: Data(body.jsonString().utf8))
    }

    func stream(_ request: KubeRequest) async throws -> KubeStreamingResponse {
        KubeStreamingResponse(status: 500, body: AsyncThrowingStream { $0.finish() })
    }
}

@Suite("Live loading")
struct LiveLoaderTests {
    static func scenario(_ name: String) throws -> ClusterState {
        try SnapshotLoader.load(paths: [Scenarios.root.appendingPathComponent("\(name)/cluster.json").path])
    }

    @Test("one LIST per kind, fetched concurrently, gives the same state as the snapshot")
    func oneListPerKind() async throws {
        let snapshot = try Self.scenario("quota-blocks-sandbox")
        let transport = SnapshotTransport(snapshot: snapshot)
        let client = KubeClient(transport: transport)
        let (state, skipped) = try await LiveLoader(client: client).load(now: snapshot.now)
        let lists = transport.requests.filter { $0.method == .get }
        #expect(lists.count == LiveLoader.defaultResources.count, "exactly one request per kind")
        #expect(Set(lists.map(\.path)).count == lists.count, "no kind listed twice")
        #expect(!lists.contains { $0.path.contains("/secrets") || $0.path.contains("/configmaps") }, "secrets are never read")
        #expect(skipped.map(\.resource) == ["karssreactions.kars.azure.com"], "an uninstalled CRD is skipped, not fatal")
        #expect(state.pods.count == snapshot.pods.count)
        #expect(state.deployments.map(\.name).sorted() == snapshot.deployments.map(\.name).sorted())
        #expect(state.events.count == snapshot.events.filter { $0.api == "v1" }.count)
        #expect(state.karsSandboxes.map(\.name) == ["research"], "items get apiVersion and kind back")
    }

    @Test("pagination follows continue tokens within one LIST")
    func pagination() async throws {
        let snapshot = try Self.scenario("image-tag-typo")
        let transport = SnapshotTransport(snapshot: snapshot)
        let client = KubeClient(transport: transport)
        let loader = LiveLoader(client: client, resources: [.pods])
        let (state, _) = try await loader.load(now: snapshot.now)
        #expect(state.pods.count == snapshot.pods.count)
        let pods = try #require(transport.requests.first)
        #expect(pods.queryValue("limit") == "500")
    }

    @Test("-n lists namespaced kinds in that namespace only; forbidden kinds are reported")
    func namespaceScope() async throws {
        let snapshot = try Self.scenario("image-tag-typo")
        let transport = SnapshotTransport(snapshot: snapshot, forbidden: ["/api/v1/nodes"])
        let (state, skipped) = try await LiveLoader(client: KubeClient(transport: transport)).load(namespace: "shop", now: snapshot.now)
        #expect(Set(state.pods.compactMap(\.namespace)) == ["shop"])
        #expect(transport.requests.contains { $0.path == "/api/v1/namespaces/shop/pods" })
        #expect(transport.requests.contains { $0.path == "/apis/kars.azure.com/v1alpha1/karssandboxes" }, "sandboxes are read cluster-wide")
        #expect(skipped.contains { $0.resource == "nodes" && $0.reason.hasPrefix("forbidden") })
    }
}
