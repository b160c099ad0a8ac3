// KubeSim benchmarks for kars-sre-bench: `sim-list [--pods N]`,
// `sim-watch [--watchers N] [--changes N]` and `sim-settle [--nodes N] [--pods N]`.
//
// Wiring (owned by the lead): add "KubeSim" to the dependencies of the kars-sre-bench target
// together with `swiftSettings: [.define("KUBESIM_BENCH")]`, and in main.swift try
// `runSimBenchmark(command, arguments:)` before the usage message. Until then this file compiles
// to a stub, so the bench target builds without KubeSim.
#if KUBESIM_BENCH
import KubeSim

/// Runs a KubeSim benchmark by name; false when the name is not one of them.
func runSimBenchmark(_ name: String, arguments: [String]) async throws -> Bool {
    try await KubeSimBenchmark.run(name, arguments: arguments)
}
#else
/// Runs a KubeSim benchmark by name; false until the target is wired to KubeSim (see above).
func runSimBenchmark(_ name: String, arguments: [String]) async throws -> Bool {
    false
}
#endif
