import Foundation
import KubeAPI
import Notify
import Remediation
import ServiceLifecycle
import Watcher

/// The work only one replica may do: the remediation controller, the incident watcher and the
/// Telegram bot (whose updates only one poller may fetch). With leader election it campaigns for
/// the Lease and runs them while it holds it; on graceful shutdown it stops them and gives the
/// Lease up, so the next replica takes over at once instead of after the lease duration.
final class LeaderLoopService: Service, CustomStringConvertible {
    let configuration: RunConfiguration
    let identity: String
    let client: KubeClient
    let leadership: Leadership
    let work: @Sendable () async -> Void
    let log: @Sendable (String) -> Void

    init(
        configuration: RunConfiguration, identity: String, client: KubeClient, leadership: Leadership,
        log: @escaping @Sendable (String) -> Void, work: @escaping @Sendable () async -> Void
    ) {
        self.configuration = configuration
        self.identity = identity
        self.client = client
        self.leadership = leadership
        self.work = work
        self.log = log
    }

    var description: String { "leader-loop" }

    func run() async throws {
        let work = self.work
        guard let election = configuration.leaderElection else {
            log("leader election off: running the controller and watcher as the only replica")
            await cancelWhenGracefulShutdown { await work() }
            return
        }
        let elector = LeaderElector(
            client: client, namespace: configuration.namespace, identity: identity, configuration: election,
            clock: SystemClock(), leadership: leadership, log: log)
        log("\(identity) campaigning for lease \(configuration.namespace)/\(election.leaseName)")
        await cancelWhenGracefulShutdown {
            await elector.run(releaseOnExit: true) { await work() }
        }
        log("\(identity) stopped campaigning (lease released if it was held)")
    }
}
