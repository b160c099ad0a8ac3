import Foundation
@testable import KubeSim
import Testing

@Suite("KubeSim benchmark hook")
struct BenchmarkTests {
    @Test func listOfTwoThousandPodsIsFast() async throws {
        let result = try await KubeSimBenchmark.listPods(count: 2000)
        #expect(result.pods == 2000)
        #expect(result.responseBytes > 2000 * 500)
        // Debug builds are far slower than release; the 10,000-pod target is checked by kars-sre-bench.
        #expect(result.listSeconds < 2, "LIST took \(result.listSeconds) s")
    }
}

@Suite("KubeSim watch fan-out benchmark hook")
struct WatchFanOutBenchmarkTests {
    @Test func everyWatcherGetsEveryChange() async throws {
        let result = try await KubeSimBenchmark.watchFanOut(watchers: 5, changes: 100)
        #expect(result.eventsDelivered == 500)
        #expect(result.deliverySeconds < 20, "delivery took \(result.deliverySeconds) s")
        #expect(result.peakMegabytes > 0)
        #expect(try await KubeSimBenchmark.run("no-such-benchmark", arguments: []) == false)
    }
}
