import ArgumentParser
import Foundation
import KubeAPI
import Remediation

/// `kars-sre controller`: runs the remediation controller until SIGINT/SIGTERM.
struct ControllerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "controller",
        abstract: "Run the KarsSREAction controller: preview, expire, execute approved actions with one-shot least privilege, observe recovery.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actions: ActionCommandOptions

    @Option(name: .long, help: "This replica's name (default: $POD_NAME, else host name and process id).")
    var identity: String?

    @Flag(name: .long, help: "Run without leader election (only when exactly one replica runs).")
    var noLeaderElection = false

    @Option(name: .long, help: "Lease duration of the leader election.")
    var leaseDuration: String = "15s"

    @Option(name: .long, help: "Healthy and quiet this long after an action means recovered.")
    var settle: String = "20s"

    @Option(name: .long, help: "No recovery within this long after applying means Failed.")
    var recoveryTimeout: String = "5m"

    @Option(name: .long, help: "Propose a RolloutRestart for a workload still down this long after its cause was removed.")
    var followUpAfter: String = "2m"

    @Option(name: .long, help: "Reconcile every action at least this often.")
    var resync: String = "30s"

    @Option(name: .long, help: "Delete terminal actions this long after they ended.")
    var retention: String = "1h"

    @Option(name: .long, help: "At most this many executions per hour.")
    var budget: Int = 10

    @Option(name: .long, help: "The writer ServiceAccount (in the controller's namespace).")
    var writer: String = "sre-writer"

    func run() async throws {
        let config = try KubeConfigLoader().resolve(
            kubeconfig: global.kubeconfig, context: global.context, namespace: actions.sreNamespace)
        let client = try KubeClient(config: config)
        let lease = try DurationArgument.parse(leaseDuration, option: "--lease-duration")
        let name = identity ?? ProcessInfo.processInfo.environment["POD_NAME"]
            ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        let configuration = ControllerConfiguration(
            namespace: actions.sreNamespace, identity: name,
            writer: WriterIdentity(serviceAccount: writer, namespace: actions.sreNamespace),
            settle: try DurationArgument.parse(settle, option: "--settle"),
            recoveryTimeout: try DurationArgument.parse(recoveryTimeout, option: "--recovery-timeout"),
            followUpAfter: try DurationArgument.parse(followUpAfter, option: "--follow-up-after"),
            retention: try DurationArgument.parse(retention, option: "--retention"),
            resync: try DurationArgument.parse(resync, option: "--resync"),
            budget: ExecutionBudget(limit: budget),
            leaderElection: noLeaderElection
                ? nil
                : LeaderElectionConfiguration(
                    leaseDuration: lease, renewDeadline: max(1, lease * 2 / 3), retryPeriod: max(1, lease / 7)))
        let controller = RemediationController(
            configuration: configuration,
            dependencies: ControllerDependencies(
                client: client, writerFactory: ConfigWriterClientFactory(base: config)))
        RemediationLog.standardError("starting as \(name) in \(actions.sreNamespace) against \(config.server)")
        let task = Task { await controller.run() }
        let signals = [SIGINT, SIGTERM].map { number -> DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
        await task.value
        signals.forEach { $0.cancel() }
        try? await client.shutdown()
    }
}
