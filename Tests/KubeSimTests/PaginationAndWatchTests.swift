import Foundation
import KubeAPI
import KubeModels
@testable import KubeSim
import Testing

@Suite("KubeSim pagination and watch")
struct PaginationAndWatchTests {
    static func configMap(_ name: String, namespace: String = "default", labels: JSONValue = ["app": "a"]) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": labels], "data": ["k": "v"]]
    }

    @Test func limitAndContinueWalkEveryPageOnce() async throws {
        let store = await ClusterStore()
        for index in 0..<25 { try await store.create(.configmaps, namespace: "default", Self.configMap(String(format: "cm-%02d", index))) }
        var names: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try await store.list(.configmaps, namespace: "default", options: ListOptions(limit: 10, continueToken: token))
            names += page.items.map(\.object.name)
            if page.continueToken != nil { #expect(page.remainingItemCount == 25 - names.count) }
            token = page.continueToken
            pages += 1
        } while token != nil
        #expect(pages == 3)
        #expect(names == (0..<25).map { String(format: "cm-%02d", $0) })

        // A selector filters within pages; the token is still valid.
        let first = try await store.list(.configmaps, options: ListOptions(labelSelector: "app=a", limit: 24))
        #expect(first.items.count == 24)
        let rest = try await store.list(.configmaps, options: ListOptions(labelSelector: "app=a", limit: 24, continueToken: first.continueToken))
        #expect(rest.items.map(\.object.name) == ["cm-24"])
        #expect(rest.continueToken == nil)

        await #expect(throws: APIError.self) {
            try await store.list(.configmaps, options: ListOptions(limit: 5, continueToken: "not-a-token"))
        }
    }

    @Test func continueTokensListTheSnapshotTheyWereIssuedAt() async throws {
        let store = await ClusterStore()
        for index in 0..<6 { try await store.create(.configmaps, namespace: "default", Self.configMap("cm-\(index)")) }
        let first = try await store.list(.configmaps, namespace: "default", options: ListOptions(limit: 3))
        #expect(first.items.map(\.object.name) == ["cm-0", "cm-1", "cm-2"])
        // Changes after the first page: a later object deleted, one modified, one added.
        try await store.delete(.configmaps, namespace: "default", name: "cm-4")
        try await store.patch(.configmaps, namespace: "default", name: "cm-5", type: .merge, body: ["data": ["k": "changed"]])
        try await store.create(.configmaps, namespace: "default", Self.configMap("cm-9"))
        let second = try await store.list(.configmaps, namespace: "default", options: ListOptions(limit: 10, continueToken: first.continueToken))
        #expect(second.items.map(\.object.name) == ["cm-3", "cm-4", "cm-5"])
        #expect(second.items.last?.object[path: "data", "k"]?.stringValue == "v")
        #expect(second.resourceVersion == first.resourceVersion)
        #expect(second.items.allSatisfy { $0.resourceVersion <= first.resourceVersion })

        // Once the snapshot left the history window the token is 410 Expired.
        await store.compactHistory()
        do {
            _ = try await store.list(.configmaps, namespace: "default", options: ListOptions(limit: 10, continueToken: first.continueToken))
            Issue.record("expected 410")
        } catch {
            #expect(error.code == 410)
            #expect(error.reason == "Expired")
            #expect(error.message.hasPrefix("The provided continue parameter is too old to display a consistent list result."))
        }
    }

    @Test func kubectlChunksLargeLists() async throws {
        let harness = try await SimHarness.start()
        defer { Task { await harness.stop() } }
        for index in 0..<12 { try await harness.sim.store.create(.configmaps, namespace: "default", Self.configMap("cm-\(index)")) }
        let listed = try await harness.kubectl(["get", "configmaps", "--chunk-size=5", "-o", "name", "-v=6"])
        #expect(listed.status == 0, "\(listed)")
        #expect(listed.stdout.split(separator: "\n").filter { $0.hasPrefix("configmap/cm-") }.count == 12, "\(listed)")
        #expect(listed.stderr.contains("continue="), "kubectl paged: \(listed.stderr)")
    }

    @Test func bookmarksTimeoutAndInitialEventsOverHTTP() async throws {
        let sim = try await KubeSim.start(KubeSimOptions(watchBookmarkInterval: .milliseconds(200)))
        let http = try SimHTTP(sim)
        try await sim.store.create(.configmaps, namespace: "default", Self.configMap("one"))
        let clock = ContinuousClock()
        let start = clock.now
        let bookmarked = try await http.watch(
            "/api/v1/namespaces/default/configmaps",
            query: [("resourceVersion", "0"), ("allowWatchBookmarks", "true"), ("timeoutSeconds", "3")])
        let elapsed = clock.now - start
        #expect(bookmarked.clean)
        // The upper bound only says the server ended the stream: a loaded CI machine can be slow. The
        // window is 15 bookmark intervals, so that two bookmarks arrive even when the machine is busy.
        #expect(elapsed >= .milliseconds(2900) && elapsed < .seconds(30), "timeoutSeconds ended the stream after \(elapsed)")
        #expect(bookmarked.events.first?["type"]?.stringValue == "ADDED")
        let bookmarks = bookmarked.events.filter { $0["type"]?.stringValue == "BOOKMARK" }
        #expect(bookmarks.count >= 2, "\(bookmarked.events)")
        #expect(bookmarks.first?[path: "object", "kind"]?.stringValue == "ConfigMap")
        #expect(bookmarks.first?[path: "object", "metadata", "resourceVersion"]?.stringValue?.isEmpty == false)

        // Without allowWatchBookmarks there are none.
        let plain = try await http.watch("/api/v1/namespaces/default/configmaps", query: [("resourceVersion", "0"), ("timeoutSeconds", "1")])
        #expect(!plain.events.contains { $0["type"]?.stringValue == "BOOKMARK" })

        // Watch-list: initial ADDED events end with an annotated BOOKMARK.
        let initial = try await http.watch(
            "/api/v1/namespaces/default/configmaps",
            query: [("sendInitialEvents", "true"), ("resourceVersionMatch", "NotOlderThan"), ("allowWatchBookmarks", "true")], limit: 2)
        #expect(initial.events.map { $0["type"]?.stringValue ?? "" } == ["ADDED", "BOOKMARK"])
        #expect(initial.events.last?[path: "object", "metadata", "annotations", "k8s.io/initial-events-end"]?.stringValue == "true")
        await http.shutdown()
        await sim.stop()
    }

    @Test func watchFromAVersionReplaysAddedModifiedDeleted() async throws {
        let store = await ClusterStore()
        let from = await store.currentResourceVersion
        try await store.create(.configmaps, namespace: "default", Self.configMap("w"))
        try await store.patch(.configmaps, namespace: "default", name: "w", type: .merge, body: ["data": ["k": "2"]])
        try await store.patch(.configmaps, namespace: "default", name: "w", type: .merge, body: ["metadata": ["labels": ["app": "b"]]])
        try await store.delete(.configmaps, namespace: "default", name: "w")
        let handle = try await store.watch(.configmaps, namespace: "default", options: ListOptions(resourceVersion: String(from)))
        var types: [WatchEventType] = []
        var versions: [UInt64] = []
        for await event in handle.events {
            types.append(event.type)
            versions.append(event.resourceVersion)
            if types.count == 4 { break }
        }
        #expect(types == [.added, .modified, .modified, .deleted])
        #expect(versions == versions.sorted() && Set(versions).count == 4)
        await store.endWatch(handle.id)

        // A label selector turns moves in and out of the selection into ADDED and DELETED.
        let selected = try await store.watch(.configmaps, namespace: "default", options: ListOptions(labelSelector: "app=a", resourceVersion: String(from)))
        var selectedTypes: [WatchEventType] = []
        for await event in selected.events {
            selectedTypes.append(event.type)
            if selectedTypes.count == 3 { break }
        }
        #expect(selectedTypes == [.added, .modified, .deleted])
        await store.endWatch(selected.id)
    }

    /// A process holds one HTTP/1.1 connection per open watch; a dozen watches on one client must
    /// not starve its ordinary requests (AsyncHTTPClient's default pool of 8 did: "timed out
    /// waiting for a connection").
    @Test func manyOpenWatchesLeaveRoomForRequests() async throws {
        let harness = try await SimHarness.start()
        let http = try SimHTTP(harness.sim)
        let client = KubeClient(transport: http.transport)
        var streams: [AsyncThrowingStream<KubeAPI.WatchEvent<JSONValue>, Error>] = []
        for _ in 0..<12 {
            streams.append(try await client.watch(.configMaps, namespace: "default"))
        }
        let list = try await client.list(.configMaps, namespace: "default")
        #expect(list.items.isEmpty)
        streams.removeAll()
        await http.shutdown()
        await harness.stop()
    }
}
