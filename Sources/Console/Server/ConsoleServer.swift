import Foundation
import Hummingbird
import Logging
import NIOCore

/// `kars-sre serve`: the Hummingbird application with the pages, the JSON API, the live stream
/// and the probes. `start` binds (127.0.0.1 unless configured otherwise) and returns the port.
public final class ConsoleServer: Sendable {
    public let service: ConsoleService
    let task: Task<Void, Error>
    public let port: Int

    private init(service: ConsoleService, task: Task<Void, Error>, port: Int) {
        self.service = service
        self.task = task
        self.port = port
    }

    /// Starts serving; returns once the socket is bound.
    public static func start(_ service: ConsoleService, logger: Logger = Logger(label: "kars-sre.console")) async throws
        -> ConsoleServer
    {
        let router = Router()
        ConsoleRoutes(service: service).register(on: router)
        let (bound, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(service.configuration.host, port: service.configuration.port),
                serverName: "kars-sre-console"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let task = Task {
            defer { continuation.finish() }
            try await app.run()
        }
        var port: Int?
        for await value in bound {
            port = value
            break
        }
        guard let port, port > 0 else {
            task.cancel()
            _ = await task.result
            throw ConsoleError.bindFailed(
                "could not listen on \(service.configuration.host):\(service.configuration.port) (address in use, or not an address of this machine?)")
        }
        return ConsoleServer(service: service, task: task, port: port)
    }

    /// A logger for a console inside a narrated command (`kars-sre demo --console`): keeps the web
    /// server's start-up and shutdown lines out of the terminal.
    public static var quietLogger: Logger {
        var logger = Logger(label: "kars-sre.console")
        logger.logLevel = .critical
        return logger
    }

    /// Ends live streams and stops the server.
    public func stop() async {
        await service.feed.hub.close()
        task.cancel()
        _ = await task.result
    }

    /// Waits until the server stops (cancel the calling task to stop it).
    public func wait() async {
        await withTaskCancellationHandler {
            _ = await task.result
        } onCancel: {
            Task { await self.stop() }
        }
    }
}

/// Errors of `kars-sre serve`.
public enum ConsoleError: Error, CustomStringConvertible {
    case bindFailed(String)
    public var description: String {
        switch self {
        case .bindFailed(let message): return message
        }
    }
}
