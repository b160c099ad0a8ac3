import ArgumentParser
import Foundation
import KubeAPI
import KubeSim

/// `kars-sre sim stage SCENARIO [--reset]`: puts a running KubeSim into a live incident (or takes
/// it out again) through the API, with the kubeconfig, like any client.
struct SimStageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage", abstract: "Stage a live incident on a running KubeSim (sim up), or reset it.",
        discussion: """
            Scenarios: \(StageScenario.allCases.map(\.rawValue).joined(separator: ", ")).
            Each makes sure its healthy workload runs, breaks it as it breaks in production, and waits
            until the incident shows (the FailedCreate event, the ImagePullBackOff pod, ...). --reset
            undoes it and waits for recovery. The cluster's controllers must be running (sim up starts
            them unless --no-controllers, or --load without --controllers).
            """)

    @Argument(help: "The incident to stage.")
    var scenario: String

    @Flag(name: .long, help: "Undo the incident and wait for recovery.")
    var reset = false

    @Option(name: .long, help: "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
    var kubeconfig: String?

    @Option(name: .long, help: "The kubeconfig context to use.")
    var context: String?

    @Option(name: .long, help: "Seconds to wait for each step.")
    var timeout: Double = 300

    func validate() throws {
        guard StageScenario(rawValue: scenario) != nil else {
            throw ValidationError(
                "unknown scenario '\(scenario)'; one of: \(StageScenario.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        guard let scenario = StageScenario(rawValue: scenario) else { throw ExitCode(2) }
        let client = try KubeClient.resolve(kubeconfig: kubeconfig, context: context)
        do {
            let report = try await Stage.apply(
                scenario, reset: reset, client: KubeClientStageClient(client: client), timeout: timeout)
            FileHandle.standardOutput.write(Data((report.description + "\n").utf8))
            try? await client.shutdown()
            if !report.observed { throw ExitCode(1) }
        } catch let error as ExitCode {
            throw error
        } catch {
            try? await client.shutdown()
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}

/// The options of `sim up` that start the simulated controllers.
struct SimControllerOptions: ParsableArguments {
    @Flag(
        inversion: .prefixedNo,
        help: "Run the simulated controllers (default: on, but off with --load, so a loaded snapshot stays as recorded).")
    var controllers: Bool?

    @Option(name: .long, help: "Simulated seconds per wall-clock second (timestamps run ahead of the wall clock above 1).")
    var speed: Double = 1

    @Option(name: .long, help: "Worker nodes to create when the cluster has none.")
    var nodes: Int = 3

    @Option(name: .long, help: "Seed of generated pod names and addresses.")
    var seed: UInt64 = 1

    func validate() throws {
        guard speed > 0, speed <= 10_000 else { throw ValidationError("--speed must be in (0, 10000]") }
        guard nodes >= 0, nodes <= 5_000 else { throw ValidationError("--nodes must be in 0...5000") }
    }

    /// Starts the controllers on the server's store (nil when they are off).
    func start(on sim: KubeSim, loaded: Bool = false) async -> KubeSimulation? {
        guard controllers ?? !loaded else { return nil }
        let simulation = await KubeSimulation.start(
            store: sim.store, clock: ScaledClock(speed: speed), options: SimulationOptions(seed: seed),
            bootstrap: ClusterBootstrap(nodes: nodes))
        let banner = "controllers running (speed \(speed)x, \(nodes) nodes when none were loaded)\n"
        FileHandle.standardOutput.write(Data(banner.utf8))
        return simulation
    }
}
