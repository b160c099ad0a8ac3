import NIOCore
import Synchronization

/// The server's open connections, so `stop()` can close every one of them (watches included)
/// before its event loops shut down, and so request handlers still running after that never
/// write to a connection whose event loop is gone (NIO reports such writes as errors).
final class ConnectionRegistry: Sendable {
    private struct State {
        var open: [ObjectIdentifier: Channel] = [:]
        var stopped = false
    }
    private let state = Mutex(State())

    /// True once the server started stopping; writers check it before touching a channel.
    var isStopped: Bool { state.withLock { $0.stopped } }

    /// Tracks a new connection until it closes; one arriving while stopping is closed at once.
    func accept(_ channel: Channel) {
        let key = ObjectIdentifier(channel)
        let admitted = state.withLock { state -> Bool in
            guard !state.stopped else { return false }
            state.open[key] = channel
            return true
        }
        guard admitted else {
            channel.close(promise: nil)
            return
        }
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.state.withLock { $0.open.removeValue(forKey: key) }
        }
    }

    /// Marks the server stopping and closes every open connection, waiting until each is closed.
    func closeAll() async {
        let channels = state.withLock { state -> [Channel] in
            state.stopped = true
            return Array(state.open.values)
        }
        for channel in channels {
            try? await channel.close()
        }
    }
}
