import Foundation
import KubeAPI
import KubeModels
import TestSupport

@testable import Agent
@testable import KubeSim

/// KubeSim in-process with the KarsSREAction CRD and namespace kars-sre, the simulated
/// controllers on a manual clock (so an incident can be staged), and an admin client.
final class AgentHarness: Sendable {
    let sim: KubeSim
    let simulation: KubeSimulation?
    let directory: TemporaryDirectory
    let kubeconfig: String
    let config: KubeClientConfig
    let client: KubeClient

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func start(stage: StageScenario? = .quota) async throws -> AgentHarness {
        let sim = try await KubeSim.start(KubeSimOptions())
        let directory = try TemporaryDirectory(prefix: "kars-agent")
        let kubeconfig = directory.file("admin.kubeconfig")
        try sim.writeKubeconfig(to: kubeconfig)
        let crdText = try String(contentsOf: root.appendingPathComponent("deploy/crds/karssreactions.yaml"), encoding: .utf8)
        let crd = try BodyDecoding.decode(Array(crdText.components(separatedBy: "\n---\n")[0].utf8), contentType: "application/yaml")
        try await sim.store.seed(crd)
        try await sim.store.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "kars-sre"]])
        var simulation: KubeSimulation?
        if let stage {
            let started = await KubeSimulation.start(store: sim.store, clock: ManualClock(start: Date()))
            try await Stage.apply(stage, on: started)
            simulation = started
        }
        let config = try KubeConfigLoader().resolve(kubeconfig: kubeconfig)
        return AgentHarness(
            sim: sim, simulation: simulation, directory: directory, kubeconfig: kubeconfig, config: config,
            client: try KubeClient(config: config))
    }

    private init(sim: KubeSim, simulation: KubeSimulation?, directory: TemporaryDirectory, kubeconfig: String, config: KubeClientConfig, client: KubeClient) {
        self.sim = sim
        self.simulation = simulation
        self.directory = directory
        self.kubeconfig = kubeconfig
        self.config = config
        self.client = client
    }

    func stop() async {
        try? await client.shutdown()
        await simulation?.stop()
        await sim.stop()
        directory.remove()
    }

    /// The live tool environment over this cluster, as `ask` builds it.
    func environment() -> ToolEnvironment {
        AgentRuntime.liveEnvironment(client: client, config: config)
    }

    /// Every KarsSREAction in kars-sre.
    func actions() async throws -> [JSONValue] {
        try await client.listAll(.karsSREActions, namespace: "kars-sre").items
    }
}

/// Runs the real `kars-sre` binary without blocking a concurrency thread.
enum BinaryRunner {
    static let binary = AgentHarness.root.appendingPathComponent(".build/debug/kars-sre").path

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil, timeout: Double = 60) async throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("KARS_SRE_") }
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        let outData = DataCollector(out.fileHandleForReading)
        let errData = DataCollector(err.fileHandleForReading)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
                if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
                try? inPipe.fileHandleForWriting.close()
                let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
            } catch {
                continuation.resume(throwing: error)
            }
        }
        return Output(status: status, stdout: await outData.text(), stderr: await errData.text())
    }
}

/// Reads a pipe to its end on a background thread (not a concurrency thread).
final class DataCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func text() async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { [self] in
                done.wait()
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
    }
}
