import ArgumentParser
import Foundation
import KubeAPI
import KubeSim
import Operations
import Remediation
import Watcher

/// `kars-sre demo`: the whole loop on an embedded KubeSim, narrated as a live timeline: the
/// incident is staged, the watcher detects and diagnoses it and proposes a KarsSREAction, the
/// controller previews it, an operator approves it (or `--yes`), the controller executes it with
/// one-shot least-privilege credentials and confirms recovery. Exit status 0 means recovered.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole incident loop on an embedded KubeSim: detect, diagnose, propose, approve, execute, recover.",
        discussion: """
            Scenarios: \(StageScenario.allCases.map(\.rawValue).joined(separator: ", ")) (default quota: a GitOps
            ResourceQuota lands on the research sandbox's namespace and blocks its rescheduled pod).
            Without --yes the approval is asked on the terminal.
            """)

    @Option(name: .long, help: "The incident to stage.")
    var scenario: String = StageScenario.quota.rawValue

    @Flag(name: .long, help: "Approve the proposed action without asking.")
    var yes = false

    @Option(name: .long, help: "Healthy and quiet this long after the action means recovered.")
    var settle: String = "5s"

    @Option(name: .long, help: "Give up when the loop has not ended within this long.")
    var timeout: String = "5m"

    @Option(
        name: .long,
        help: "Simulated seconds per wall-clock second of the embedded cluster (default 1; node-lost 10: its pod is stuck only two simulated minutes after the node is lost).")
    var speed: Double?

    @Option(name: .long, help: "The deploy/ manifests to install (default: ./deploy, else the source checkout's).")
    var deployDir: String?

    @Flag(name: .long, help: "Print the watcher's and controller's log lines on standard error.")
    var verbose = false

    @Flag(name: .customLong("console"), help: "Also serve the web console on 127.0.0.1 to watch the loop in a browser.")
    var serveConsole = false

    @Option(name: .long, help: "With --console: its port (default 8080, or a free one when 8080 is taken; 0 picks one).")
    var consolePort: Int?

    func validate() throws {
        guard StageScenario(rawValue: scenario) != nil else {
            throw ValidationError(
                "unknown scenario '\(scenario)'; one of: \(StageScenario.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let speed, !(speed > 0 && speed <= 100) { throw ValidationError("--speed must be in (0, 100]") }
        if let consolePort {
            guard serveConsole else { throw ValidationError("--console-port needs --console") }
            guard (0...65535).contains(consolePort) else { throw ValidationError("--console-port must be in 0...65535") }
        }
    }

    func run() async throws {
        guard let stage = StageScenario(rawValue: scenario) else { throw ExitCode(2) }
        let settleSeconds = try DurationArgument.parse(settle, option: "--settle")
        let timeoutSeconds = try DurationArgument.parse(timeout, option: "--timeout")
        let deploy = try ManifestInstaller.locate(deployDir)
        let interactive = isatty(STDIN_FILENO) != 0
        guard yes || interactive else {
            throw ValidationError("no terminal to ask for the approval on: pass --yes to approve unattended")
        }
        let timeline = DemoTimeline()
        let log = Self.logger(verbose: verbose)

        let sim = try await KubeSim.start(KubeSimOptions(port: 0))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kars-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let kubeconfig = directory.appendingPathComponent("kubeconfig").path
        try sim.writeKubeconfig(to: kubeconfig)
        let speed = self.speed ?? (stage == .nodeLost ? 10 : 1)
        let clock = ScaledClock(speed: speed)
        let simulation = await KubeSimulation.start(
            store: sim.store, clock: clock, options: SimulationOptions(seed: 1),
            bootstrap: ClusterBootstrap(nodes: 3))
        let config = try KubeConfigLoader().resolve(kubeconfig: kubeconfig)
        let client = try KubeClient(config: config)
        defer { try? FileManager.default.removeItem(at: directory) }

        timeline.say("kars-sre demo: \(stage.rawValue), on KubeSim at \(sim.serverURL) (KUBECONFIG=\(kubeconfig) while it runs)")
        let outcome: Result<TimeInterval, Error>
        var console: DemoConsole?
        do {
            let installed = try await ManifestInstaller(client: client).install(from: deploy)
            timeline.say("installed \(installed.count) objects from \(deploy.path): the KarsSREAction CRD, sre-writer and its ceilings, controller RBAC")
            if serveConsole {
                console = try await DemoConsole.start(config: config, port: consolePort)
                timeline.say("console: \(console?.url ?? "?") (open it to watch the loop live)")
            }
            outcome = .success(
                try await loop(
                    stage, client: client, config: config, timeline: timeline, settle: settleSeconds,
                    timeout: timeoutSeconds, log: log, speed: speed, clock: DemoClock(clock: clock)))
        } catch {
            outcome = .failure(error)
        }
        await console?.finish(interactive: interactive, timeline: timeline)
        try? await client.shutdown()
        await simulation.stop()
        await sim.stop()
        switch outcome {
        case .success(let seconds):
            timeline.say(String(format: "time to recover: %.1f s from the incident to Recovered", seconds))
        case .failure(let error):
            FileHandle.standardError.write(Data("demo failed: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Starts controller and watcher, stages the incident and follows it; returns the seconds from
    /// staging to Recovered.
    private func loop(
        _ stage: StageScenario, client: KubeClient, config: KubeClientConfig, timeline: DemoTimeline,
        settle: TimeInterval, timeout: TimeInterval, log: @escaping @Sendable (String) -> Void, speed: Double,
        clock: DemoClock
    ) async throws -> TimeInterval {
        let actions = ActionClient(client: client, namespace: "kars-sre", clock: clock)
        let controller = RemediationController(
            configuration: ControllerConfiguration(identity: "demo-controller", settle: settle, resync: 5),
            dependencies: ControllerDependencies(
                client: client, writerFactory: ConfigWriterClientFactory(base: config), clock: clock, log: log))
        var watching = WatcherConfiguration()
        watching.scope = .all  // the demo's own cluster: node events are recorded in "default"
        // Re-diagnose failures without an action yet (node-lost) every 10 simulated seconds.
        watching.recheckInterval = max(1, 10 / speed)
        let (detections, detected) = AsyncStream.makeStream(of: DetectionRecord.self)
        let watcher = Watcher(
            configuration: watching, client: client, actions: actions, dispatcher: nil, log: log,
            observer: { detected.yield($0) }, now: { clock.now() })
        let background = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await controller.run() }
                group.addTask { await watcher.run() }
            }
        }
        defer { background.cancel() }
        // The watcher primes on the cluster as it is: stage only once both event APIs are listed.
        for _ in 0..<600 where await watcher.engine.statistics.snapshots < 2 {
            try await Task.sleep(for: .milliseconds(50))
        }

        let follow = DemoLoop(
            actions: actions, client: client, timeline: timeline, approve: { action in
                try await Self.decide(action, unattended: yes, timeline: timeline)
            }, timeout: timeout)
        timeline.start()
        timeline.step("staging \(stage.rawValue)")
        let following = Task { try await follow.follow(detections: detections) }
        let detectionDeadline = Task {
            try? await Task.sleep(for: .seconds(timeout))
            detected.finish()
        }
        defer { detectionDeadline.cancel() }
        // Staging waits until the incident shows; the fix may land first, so it runs beside the loop.
        let staging = Task {
            do {
                let report = try await Stage.apply(
                    stage, reset: false, client: KubeClientStageClient(client: client), timeout: timeout)
                timeline.step("incident in place", detail: report.steps)
            } catch {
                guard !Task.isCancelled else { return }
                timeline.step("staging failed: \(error)")
                following.cancel()
            }
        }
        defer { staging.cancel() }
        do {
            _ = try await following.value
        } catch is CancellationError {
            throw DemoLoop.Failure(description: "the incident could not be staged (see above)")
        }
        let seconds = timeline.elapsed
        detected.finish()
        background.cancel()
        await background.value
        return seconds
    }

    /// The watcher's and controller's log: standard error with --verbose, else nowhere.
    private static func logger(verbose: Bool) -> @Sendable (String) -> Void {
        guard verbose else { return { _ in } }
        return { line in FileHandle.standardError.write(Data("  [log] \(line)\n".utf8)) }
    }

    /// The operator's decision: `--yes`, or a y/N question on the terminal.
    private static func decide(_ action: ActionObject, unattended: Bool, timeline: DemoTimeline) async throws -> Bool {
        if unattended {
            timeline.step("approving \(action.name) (--yes)")
            return true
        }
        FileHandle.standardOutput.write(Data("Approve \(action.name)? [y/N] ".utf8))
        let answer = await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: readLine() ?? "") }
        }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
