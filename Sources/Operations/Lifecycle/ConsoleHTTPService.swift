import Console
import Foundation
import ServiceLifecycle

/// The web console, JSON API, /metrics, /healthz and /readyz as a lifecycle service: every replica
/// serves it (decisions are KarsSREAction patches that any replica may record; only the leader
/// executes). On graceful shutdown it closes live streams and stops listening.
final class ConsoleHTTPService: Service, CustomStringConvertible {
    let service: ConsoleService
    let announce: @Sendable (Int) -> Void

    init(service: ConsoleService, announce: @escaping @Sendable (Int) -> Void) {
        self.service = service
        self.announce = announce
    }

    var description: String { "console" }

    func run() async throws {
        let feed = service.feed
        let feedTask = Task { await feed.run() }
        defer { feedTask.cancel() }
        let server = try await ConsoleServer.start(service)
        announce(server.port)
        // Serve until shutdown begins (or the group is cancelled), then stop listening.
        try? await gracefulShutdown()
        await server.stop()
    }
}
