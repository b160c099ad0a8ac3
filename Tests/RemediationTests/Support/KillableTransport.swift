import Foundation
import KubeAPI
import Synchronization

/// A process's connection to the API server that a test can cut at once, as if the process died:
/// after `kill()` every request fails before it is sent.
final class ProcessLife: Sendable {
    private let dead = Mutex(false)
    var isDead: Bool { dead.withLock { $0 } }
    func kill() { dead.withLock { $0 = true } }
}

/// Wraps a transport; fails every request once its process is killed.
struct KillableTransport: KubeTransport {
    let base: any KubeTransport
    let life: ProcessLife

    var server: String { base.server }
    var originDescription: String { base.originDescription }

    private func check(_ request: KubeRequest) throws {
        if life.isDead {
            throw KubeAPIError.unreachable(ConnectionFailure(server: server, origin: originDescription, reason: "process killed"))
        }
    }

    func send(_ request: KubeRequest) async throws -> KubeResponse {
        try check(request)
        let response = try await base.send(request)
        try check(request)  // a killed process never sees the answer
        return response
    }

    func stream(_ request: KubeRequest) async throws -> KubeStreamingResponse {
        try check(request)
        return try await base.stream(request)
    }

    func shutdown() async throws { try await base.shutdown() }
}
