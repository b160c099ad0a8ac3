import Console
import Foundation
import Logging
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
        var logger = Logger(label: "kars-sre.console")
        logger.logLevel = .notice
        let server = try await ConsoleServer.start(service, logger: logger)
        announce(server.port)
        // Serve until shutdown begins (or the group is cancelled). Hummingbird, started from
        // this task, sees the same graceful shutdown and finishes its open requests once the live
        // streams are ended; if it has not within 5 s, the server is stopped outright.
        try? await gracefulShutdown()
        await feed.hub.close()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await server.wait() }
            group.addTask { try? await Task.sleep(for: .seconds(5)) }
            await group.next()
            group.cancelAll()  // cancelling wait() stops the server
        }
    }
}
