import Console
import Foundation
import KubeAPI
import Remediation

/// `kars-sre demo --console`: the web console on 127.0.0.1 over the demo's embedded cluster, so
/// the loop can be watched in a browser (pending card, in flight, recovered) while the terminal
/// narrates it. The page needs no token and is for watching: the demo's approval is asked on its
/// terminal (or given by `--yes`), so the console's Approve and Reject are refused here, rather than
/// racing the prompt.
struct DemoConsole {
    static let defaultPort = 8080

    let server: ConsoleServer
    let feedTask: Task<Void, Never>
    let clients: [KubeClient]

    var url: String { "http://127.0.0.1:\(server.port)/" }

    /// Starts serving; without an explicit port it takes 8080, or a free port when 8080 is taken.
    static func start(config: KubeClientConfig, port: Int?) async throws -> DemoConsole {
        let client = try KubeClient(config: config)
        let watchClient = try KubeClient(config: config)  // watches hold their connections
        do {
            let identity = try await ApproverIdentity.resolve(client: client, kubeconfigUser: nil)
            let feed = ClusterFeed(client: watchClient, namespace: "kars-sre")
            let feedTask = Task { await feed.run() }
            func serve(_ port: Int) async throws -> ConsoleServer {
                let service = ConsoleService(
                    configuration: ConsoleConfiguration(port: port), feed: feed,
                    actions: ActionClient(client: client, namespace: "kars-sre"),
                    authenticator: DemoWatcherAuthenticator(identity: identity), metrics: ConsoleMetrics())
                return try await ConsoleServer.start(service, logger: ConsoleServer.quietLogger)
            }
            let server: ConsoleServer
            do {
                server = try await serve(port ?? defaultPort)
            } catch ConsoleError.bindFailed where port == nil {
                server = try await serve(0)
            } catch {
                feedTask.cancel()
                throw error
            }
            return DemoConsole(server: server, feedTask: feedTask, clients: [client, watchClient])
        } catch {
            try? await client.shutdown()
            try? await watchClient.shutdown()
            throw error
        }
    }

    /// On a terminal the console stays up until Enter, so the end state can be looked at; then it stops.
    func finish(interactive: Bool, timeline: DemoTimeline) async {
        if interactive {
            timeline.say("the console stays up at \(url): press Enter to end the demo")
            _ = await withCheckedContinuation { continuation in
                Thread.detachNewThread { continuation.resume(returning: readLine() ?? "") }
            }
        }
        await server.stop()
        feedTask.cancel()
        for client in clients { try? await client.shutdown() }
    }
}

/// The demo console's identity: the kubeconfig user may look; decisions belong to the terminal.
struct DemoWatcherAuthenticator: ConsoleAuthenticator {
    let identity: ApproverIdentity
    var needsToken: Bool { false }

    func authorize(token: String?, verb: ConsoleVerb) async -> AuthResult {
        switch verb {
        case .read: return .allowed(identity)
        case .decide:
            return .forbidden(
                user: identity.name,
                reason: "in kars-sre demo the approval is asked on the terminal (or given by --yes)")
        }
    }
}
