import Foundation
import KubeAPI
import KubeModels
import TestSupport
import Testing

@Suite("watch and reflector")
struct WatchTests {
    @Test func lineSplitterHandlesArbitraryChunking() {
        let text = "{\"a\":\"é\"}\n{\"b\":2}\r\n\n{\"c\":3}"
        let bytes = Array(text.utf8)
        for size in 1...bytes.count {
            var splitter = LineSplitter()
            var lines: [String] = []
            for start in stride(from: 0, to: bytes.count, by: size) {
                let chunk = Data(bytes[start..<min(start + size, bytes.count)])
                lines += splitter.append(chunk).map { String(decoding: $0, as: UTF8.self) }
            }
            if let last = splitter.finish() { lines.append(String(decoding: last, as: UTF8.self)) }
            #expect(lines == ["{\"a\":\"é\"}", "{\"b\":2}", "{\"c\":3}"], "chunk size \(size)")
        }
    }

    @Test func streamedWatchSplitMidEvent() async throws {
        let pki = try TestPKI()
        let body =
            watchLine("ADDED", pod("web-0", resourceVersion: "101"))
            + watchLine("MODIFIED", pod("web-0", resourceVersion: "102"))
            + watchLine("BOOKMARK", #"{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"150"}}"#)
            + watchLine("DELETED", pod("web-0", resourceVersion: "151"))
        let bytes = Array(body.utf8)
        // Cut inside the first event, across the first newline, and inside the bookmark.
        let cuts = [17, 58, bytes.count / 2 + 3, bytes.count - 40]
        var parts: [TestResponsePart] = []
        var start = 0
        for cut in cuts {
            parts.append(.data(Data(bytes[start..<cut])))
            parts.append(.pause(.milliseconds(20)))
            start = cut
        }
        parts.append(.data(Data(bytes[start...])))
        let script = parts
        let server = try await TestHTTPSServer.start(pki: pki) { _ in .stream(200, script) }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let client = try testClient(try testConfig(server: server, pki: pki, token: "t", directory: directory))
        let stream = try await client.watch(
            .pods, namespace: "shop", options: WatchOptions(resourceVersion: "100", timeoutSeconds: 30))
        var events: [WatchEvent<JSONValue>] = []
        for try await event in stream { events.append(event) }
        #expect(events.map(\.type) == ["ADDED", "MODIFIED", "BOOKMARK", "DELETED"])
        #expect(events[1].object?[path: "metadata", "resourceVersion"] == "102")
        #expect(events[0].object?["kind"] == "Pod")
        if case .bookmark(let version) = events[2] { #expect(version == "150") } else { Issue.record("no bookmark") }
        let query = try #require(server.requests.first).query
        #expect(query["watch"] == "1")
        #expect(query["resourceVersion"] == "100")
        #expect(query["allowWatchBookmarks"] == "true")
        #expect(query["timeoutSeconds"] == "30")
        #expect(server.requests.first?.path == "/api/v1/namespaces/shop/pods")
        try await client.shutdown()
        await server.shutdown()
    }

    @Test func goneDuringWatchRelists() async throws {
        let pki = try TestPKI()
        let lists = Counter()
        let watches = Counter()
        let server = try await TestHTTPSServer.start(pki: pki) { request in
            if request.query["watch"] == nil {
                if lists.next() == 1 {
                    return .json(
                        200,
                        #"{"kind":"PodList","metadata":{"resourceVersion":"100"},"items":[\#(pod("a", resourceVersion: "90"))]}"#
                    )
                }
                return .json(
                    200,
                    #"{"kind":"PodList","metadata":{"resourceVersion":"300"},"items":[\#(pod("a", resourceVersion: "90")),\#(pod("b", resourceVersion: "250"))]}"#
                )
            }
            switch watches.next() {
            case 1:
                // Watch from 100 works for one event, then the server compacts: ERROR 410.
                return .stream(
                    200,
                    [
                        .text(watchLine("MODIFIED", pod("a", resourceVersion: "120"))),
                        .text(
                            watchLine(
                                "ERROR",
                                #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 120 (200)","reason":"Expired","code":410}"#
                            )),
                    ])
            case 2:
                // Re-watching from the relisted version is refused outright with HTTP 410.
                return .status(410, reason: "Gone", message: "too old resource version")
            default:
                return .stream(200, [.text(watchLine("ADDED", pod("c", resourceVersion: "301"))), .hold])
            }
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let client = try testClient(try testConfig(server: server, pki: pki, token: "t", directory: directory))
        let sleeps = SleepRecorder()
        let reflector = Reflector(
            client: client, resource: .pods, namespace: "default", watchTimeoutSeconds: 60,
            backoff: Backoff(initial: .milliseconds(1), maximum: .milliseconds(5)), sleep: sleeps.sleeper)
        var names: [String] = []
        var replaced: [[String]] = []
        for try await event in reflector.events() {
            switch event {
            case .replaced(let items, let version):
                replaced.append(items.compactMap { $0[path: "metadata", "name"]?.stringValue })
                names.append("replaced@\(version)")
            case .added(let object): names.append("added \(object[path: "metadata", "name"]?.stringValue ?? "")")
            case .modified(let object): names.append("modified \(object[path: "metadata", "name"]?.stringValue ?? "")")
            case .deleted(let object): names.append("deleted \(object[path: "metadata", "name"]?.stringValue ?? "")")
            }
            if names.count == 5 { break }
        }
        #expect(names == ["replaced@100", "modified a", "replaced@300", "replaced@300", "added c"])
        #expect(replaced == [["a"], ["a", "b"], ["a", "b"]])
        let watchVersions = server.requests.filter { $0.query["watch"] != nil }.map {
            $0.query["resourceVersion"] ?? ""
        }
        #expect(watchVersions == ["100", "300", "300"])
        try await client.shutdown()
        await server.shutdown()
    }

    @Test func droppedConnectionResumesFromLastResourceVersion() async throws {
        let pki = try TestPKI()
        let watches = Counter()
        let server = try await TestHTTPSServer.start(pki: pki) { request in
            if request.query["watch"] == nil {
                return .json(200, #"{"kind":"PodList","metadata":{"resourceVersion":"10"},"items":[]}"#)
            }
            switch watches.next() {
            case 1:
                let partial = String(watchLine("MODIFIED", pod("x", resourceVersion: "13")).prefix(30))
                return .stream(
                    200,
                    [
                        .text(watchLine("ADDED", pod("x", resourceVersion: "11"))),
                        .text(watchLine("BOOKMARK", #"{"kind":"Pod","metadata":{"resourceVersion":"12"}}"#)),
                        .text(partial), .pause(.milliseconds(20)), .drop,
                    ])
            default:
                return .stream(200, [.text(watchLine("DELETED", pod("x", resourceVersion: "14"))), .hold])
            }
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let client = try testClient(try testConfig(server: server, pki: pki, token: "t", directory: directory))
        let sleeps = SleepRecorder()
        let reflector = Reflector(
            client: client, resource: .pods, watchTimeoutSeconds: 60,
            backoff: Backoff(initial: .milliseconds(1), maximum: .milliseconds(5)), sleep: sleeps.sleeper)
        var seen: [String] = []
        for try await event in reflector.events() {
            switch event {
            case .replaced(_, let version): seen.append("replaced@\(version)")
            case .added: seen.append("added")
            case .modified: seen.append("modified")
            case .deleted: seen.append("deleted")
            }
            if seen.count == 3 { break }
        }
        #expect(seen == ["replaced@10", "added", "deleted"])
        let watchRequests = server.requests.filter { $0.query["watch"] != nil }
        #expect(watchRequests.map { $0.query["resourceVersion"] ?? "" } == ["10", "12"], "resumes from the bookmark")
        #expect(watchRequests.allSatisfy { $0.path == "/api/v1/pods" })
        #expect(server.requests.filter { $0.query["watch"] == nil }.count == 1, "no relist after a plain drop")
        #expect(sleeps.sleeps.count == 1, "one backoff before reconnecting")
        try await client.shutdown()
        await server.shutdown()
    }

    @Test func forbiddenEndsTheReflector() async throws {
        let transport = ScriptedTransport { _ in
            .json(
                403,
                #"{"kind":"Status","status":"Failure","reason":"Forbidden","message":"pods is forbidden: User \"system:serviceaccount:kars-sre:reader\" cannot list resource \"pods\"","code":403}"#
            )
        }
        let client = KubeClient(transport: transport, retryPolicy: .never)
        let reflector = Reflector(client: client, resource: .pods, sleep: { _ in })
        await #expect {
            for try await _ in reflector.events() {}
        } throws: { ($0 as? KubeAPIError)?.isForbidden == true }
    }
}

@Suite("reflector pacing")
struct ReflectorPacingTests {
    @Test func emptyWatchesBackOff() async throws {
        let frozen = ContinuousClock.now
        let watches = Counter()
        let transport = ScriptedTransport(
            handler: { _ in .json(200, #"{"metadata":{"resourceVersion":"5"},"items":[]}"#) },
            stream: { _ in
                watches.next() < 4 ? (200, []) : (200, [Data(watchLine("ADDED", pod("p", resourceVersion: "6")).utf8)])
            })
        let client = KubeClient(transport: transport, retryPolicy: .never)
        let sleeps = SleepRecorder()
        let reflector = Reflector(
            client: client, resource: .pods,
            backoff: Backoff(initial: .milliseconds(100), maximum: .seconds(1), jitter: 0),
            sleep: sleeps.sleeper, now: { frozen })
        var events: [ReflectorEvent] = []
        for try await event in reflector.events() {
            events.append(event)
            if events.count == 2 { break }
        }
        #expect(events.count == 2)
        #expect(sleeps.sleeps == [.milliseconds(100), .milliseconds(200), .milliseconds(400)])
    }
}
