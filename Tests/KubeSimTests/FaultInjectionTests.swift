import Foundation
import KubeAPI
import KubeModels
@testable import KubeSim
import Testing

@Suite("KubeSim fault injection")
struct FaultInjectionTests {
    static func request(_ path: String = "/api/v1/namespaces/default/configmaps") -> HTTPRequest {
        HTTPRequest(method: .GET, path: path, query: [:], headers: [:], body: [])
    }

    /// The outcome codes of `count` requests through a fresh injector.
    static func codes(_ spec: String, count: Int) async throws -> [Int] {
        let injector = FaultInjector(options: try FaultOptions(spec: spec))
        var codes: [Int] = []
        for _ in 0..<count {
            switch await injector.decide(for: request()) {
            case .proceed: codes.append(200)
            case .fail(let error): codes.append(error.code)
            }
        }
        return codes
    }

    @Test func specParsesEveryKeyAndRejectsNonsense() throws {
        let options = try FaultOptions(spec: "429=10%,500=0.05,503=0.02,retry-after=3,latency=20-80ms,watch-cut=5s,watch-expire=0.5s,seed=7")
        #expect(options.throttleRate == 0.1)
        #expect(options.errorRate == 0.05)
        #expect(options.unavailableRate == 0.02)
        #expect(options.retryAfterSeconds == 3)
        #expect(options.latencyMilliseconds == 20...80)
        #expect(options.watchCutSeconds == 5)
        #expect(options.watchExpireSeconds == 0.5)
        #expect(options.seed == 7)
        for bad in ["429=2", "latency=80-20ms", "watch-cut=0s", "bogus=1", "seed=x", "500"] {
            #expect(throws: FaultSpecError.self) { try FaultOptions(spec: bad) }
        }
    }

    @Test func sharesAreDeterministicFromTheSeed() async throws {
        let spec = "429=0.1,500=0.05,503=0.05,seed=42"
        let first = try await Self.codes(spec, count: 4000)
        let second = try await Self.codes(spec, count: 4000)
        #expect(first == second)
        let other = try await Self.codes("429=0.1,500=0.05,503=0.05,seed=43", count: 4000)
        #expect(first != other)
        let share = { (code: Int) in Double(first.filter { $0 == code }.count) / Double(first.count) }
        #expect(abs(share(429) - 0.10) < 0.02, "429 share \(share(429))")
        #expect(abs(share(500) - 0.05) < 0.015, "500 share \(share(500))")
        #expect(abs(share(503) - 0.05) < 0.015, "503 share \(share(503))")
    }

    @Test func latencyIsAddedToEveryRequest() async throws {
        let injector = FaultInjector(options: try FaultOptions(spec: "latency=60-80ms,seed=3"))
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<3 { _ = await injector.decide(for: Self.request()) }
        #expect(clock.now - start >= .milliseconds(180))
    }

    @Test func throttledAndFailedRequestsCarryTheRealStatusAndRetryAfter() async throws {
        let sim = try await KubeSim.start(KubeSimOptions(faults: try FaultOptions(spec: "429=1,retry-after=4")))
        let http = try SimHTTP(sim)
        let throttled = try await http.send(.get, "/api/v1/namespaces/default/configmaps")
        #expect(throttled.status == 429)
        #expect(throttled.header("Retry-After") == "4")
        let status = SimHTTP.json(throttled)
        #expect(status["reason"]?.stringValue == "TooManyRequests")
        #expect(status[path: "details", "retryAfterSeconds"]?.intValue == 4)
        // Non-API paths are never faulted.
        #expect(try await http.send(.get, "/version").status == 200)
        await http.shutdown()
        await sim.stop()

        let unavailable = try await KubeSim.start(KubeSimOptions(faults: try FaultOptions(spec: "503=1,retry-after=2")))
        let http503 = try SimHTTP(unavailable)
        let answer = try await http503.send(.get, "/api/v1/namespaces")
        #expect(answer.status == 503)
        #expect(answer.header("Retry-After") == "2")
        await http503.shutdown()
        await unavailable.stop()
    }

    @Test func watchesAreCutOrExpiredOnSchedule() async throws {
        let cutting = try await KubeSim.start(KubeSimOptions(faults: try FaultOptions(spec: "watch-cut=0.5s")))
        let http = try SimHTTP(cutting)
        let clock = ContinuousClock()
        let start = clock.now
        let cut = try await http.watch("/api/v1/namespaces/default/configmaps", query: [("resourceVersion", "0")])
        let elapsed = clock.now - start
        #expect(cut.status == 200)
        #expect(elapsed >= .milliseconds(450) && elapsed < .seconds(30), "cut after \(elapsed)")
        #expect(!cut.events.contains { $0["type"]?.stringValue == "ERROR" })
        #expect(!cut.clean, "the connection is dropped, not ended cleanly")
        await http.shutdown()
        await cutting.stop()

        let expiring = try await KubeSim.start(KubeSimOptions(faults: try FaultOptions(spec: "watch-expire=0.5s")))
        let http2 = try SimHTTP(expiring)
        let list = SimHTTP.json(try await http2.send(.get, "/api/v1/namespaces/default/configmaps"))
        let rv = list[path: "metadata", "resourceVersion"]?.stringValue ?? ""
        let expired = try await http2.watch("/api/v1/namespaces/default/configmaps", query: [("resourceVersion", rv)])
        let last = expired.events.last
        #expect(last?["type"]?.stringValue == "ERROR")
        #expect(last?[path: "object", "code"]?.intValue == 410)
        #expect(last?[path: "object", "reason"]?.stringValue == "Expired")
        #expect(last?[path: "object", "message"]?.stringValue?.hasPrefix("too old resource version: \(rv)") == true)
        await http2.shutdown()
        await expiring.stop()
    }
}
