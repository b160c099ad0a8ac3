import Foundation
import Testing
@testable import KubeSim

/// The settle benchmark hook: a cluster from empty to every pod Ready, in process and as
/// `kars-sre-bench sim-settle`.
@Suite("Settle benchmark hook")
struct SettleBenchmarkTests {
    @Test("a small cluster settles: every pod Ready")
    func small() async {
        let result = await KubeSimBenchmark.settle(nodes: 20, pods: 500)
        print(result)
        #expect(result.readyPods == 500, "\(result)")
        #expect(result.simulatedSeconds < 120, "\(result)")
        #expect(result.reconciles > 500 && result.eventsWritten > 500, "\(result)")
    }

    @Test("sim-settle is a named benchmark; unknown names are not")
    func named() async throws {
        #expect(try await KubeSimBenchmark.run("sim-settle", arguments: ["--nodes", "3", "--pods", "30"]))
        #expect(try await !KubeSimBenchmark.run("sim-unknown", arguments: []))
    }

    /// `.build/debug/kars-sre-bench`, found from this file's path.
    static let bench: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent(".build/debug/kars-sre-bench").path
    }()

    static var benchBuilt: Bool { FileManager.default.isExecutableFile(atPath: bench) }

    @Test("kars-sre-bench sim-settle prints the settle numbers", .enabled(if: benchBuilt, "kars-sre-bench is not built: run `swift build` first"))
    func benchCommand() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("sim-settle-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.bench)
        process.arguments = ["sim-settle", "--nodes", "4", "--pods", "60"]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(text)")
        #expect(text.contains("KubeSim settle: 4 nodes, 60/60 pods Ready in "), "\(text)")
        #expect(text.contains("peak RSS"), "\(text)")
    }

    /// 200 nodes and 10,000 pods; run with `KUBESIM_SETTLE_BENCH=1` (it takes a while in debug;
    /// `kars-sre-bench sim-settle` measures it in a release build).
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
