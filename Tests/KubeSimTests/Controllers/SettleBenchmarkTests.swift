import Foundation
import Testing
@testable import KubeSim

/// The settle benchmark hook: a cluster from empty to every pod Ready.
@Suite("Settle benchmark hook")
struct SettleBenchmarkTests {
    @Test("a small cluster settles: every pod Ready")
    func small() async {
        let result = await KubeSimBenchmark.settle(nodes: 20, pods: 500)
        print(result)
        #expect(result.readyPods == 500, "\(result)")
        #expect(result.simulatedSeconds < 120, "\(result)")
    }

    /// 200 nodes and 10,000 pods; run with `KUBESIM_SETTLE_BENCH=1` (it takes a while in debug).
    @Test(
        "200 nodes and 10,000 pods settle",
        .enabled(if: ProcessInfo.processInfo.environment["KUBESIM_SETTLE_BENCH"] != nil, "set KUBESIM_SETTLE_BENCH=1 to run"))
    func large() async {
        let environment = ProcessInfo.processInfo.environment
        let nodes = environment["KUBESIM_SETTLE_NODES"].flatMap(Int.init) ?? 200
        let pods = environment["KUBESIM_SETTLE_PODS"].flatMap(Int.init) ?? 10_000
        let result = await KubeSimBenchmark.settle(nodes: nodes, pods: pods)
        print(result)
        #expect(result.readyPods == pods, "\(result)")
    }
}
