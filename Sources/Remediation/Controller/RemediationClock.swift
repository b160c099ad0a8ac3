import Foundation

/// The controller's clock: what time it is and how to wait. Injected so tests can move time
/// (TTL expiry, recovery timeout) without waiting for it.
public protocol RemediationClock: Sendable {
    func now() -> Date
    func sleep(seconds: TimeInterval) async throws
}

/// Wall-clock time and real sleeping.
public struct SystemClock: RemediationClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(seconds: TimeInterval) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(for: .milliseconds(Int64((seconds * 1000).rounded(.up))))
    }
}
