import Foundation
import Synchronization

/// A settable clock for expiry and refresh logic: tests move time instead of sleeping.
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    /// Pass as a `() -> Date` clock.
    public var now: @Sendable () -> Date {
        { [self] in self.current.withLock { $0 } }
    }

    public func advance(_ seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}
