import ClusterState
import Diagnosis
import Foundation
import KubeModels

/// kars-sre-bench: the performance targets of the issues, measured in a release build.
///   swift run -c release kars-sre-bench decode [--pods N]
///   swift run -c release kars-sre-bench diagnose [--pods N] [--events N] [--snapshot FILE]
let arguments = Array(CommandLine.arguments.dropFirst())
let command = arguments.first ?? "all"

func option(_ name: String, default value: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let number = Int(arguments[index + 1]) else { return value }
    return number
}

/// Wall time, process CPU time (less sensitive to other load on a shared machine) and peak RSS.
func measure<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
    let start = ContinuousClock.now
    let cpuStart = clock()
    let result = try body()
    let elapsed = ContinuousClock.now - start
    let cpu = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)
    let wall = Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds)
    print(String(format: "%@: %.3f s wall, %.3f s cpu (peak RSS %.0f MB)", label, wall, cpu, PeakMemory.megabytes))
    return result
}

switch command {
case "decode":
    let data = SyntheticCluster.listJSON(pods: option("--pods", default: 10_000), events: 0)
    print("input: \(data.count / 1_048_576) MB")
    let state = try measure("decode \(option("--pods", default: 10_000))-pod List into ClusterState") {
        try SnapshotLoader.state(from: data, source: "synthetic")
    }
    print("objects: \(state.objects.count), pods: \(state.pods.count)")
case "generate":
    // Writes the synthetic snapshot to a file, so that `diagnose` measures a process that only reads it.
    guard let index = arguments.firstIndex(of: "--out"), index + 1 < arguments.count else {
        print("usage: kars-sre-bench generate --out FILE [--pods N] [--events N]")
        exit(2)
    }
    let data = SyntheticCluster.listJSON(pods: option("--pods", default: 10_000), events: option("--events", default: 50_000))
    try data.write(to: URL(fileURLWithPath: arguments[index + 1]))
case "diagnose", "all": try DiagnoseBenchmark.run(Array(arguments.dropFirst()))
case "detect": try await DetectBenchmark.run(Array(arguments.dropFirst()))
default:
    // sim-list, sim-watch, sim-settle: KubeSim's benchmarks (SimBenchmarks.swift).
    guard try await runSimBenchmark(command, arguments: Array(arguments.dropFirst())) else {
        print("usage: kars-sre-bench decode|diagnose|generate|sim-list|sim-watch|sim-settle [--pods N] [--events N] [--nodes N] [--out FILE] [--snapshot FILE]")
        exit(2)
    }
}

