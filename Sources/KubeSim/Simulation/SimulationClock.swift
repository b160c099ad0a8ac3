import Foundation
import Synchronization

/// The time source of the simulated cluster.
///
/// Exists so that controllers never call `Date()`: every timestamp they write and every delay they
/// wait for (image pulls, restart and retry back-offs, heartbeats, tolerations, progress deadlines)
/// is measured on this clock, so a demo can compress minutes into seconds and a test can step through
/// a timeline deterministically.
public protocol SimulationClock: Sendable {
    /// The current simulated time.
    func now() -> Date
    /// How many wall-clock seconds `seconds` of simulated time take (0 for a manual clock).
    func wallSeconds(forSimulated seconds: Double) -> Double
    /// Whether time moves only when the controller manager is told to advance it (deterministic mode).
    var isManual: Bool { get }
}

/// Simulated time that runs `speed` times faster than the wall clock from the moment it is created:
/// `now = origin + (wall - origin) * speed`. At speed 1 it is the wall clock.
///
/// At a speed above 1 the cluster's clock runs ahead of the wall clock, as a fast-forwarded recording
/// would: timestamps in the API are simulated time.
public struct ScaledClock: SimulationClock {
    /// Simulated seconds per wall-clock second.
    public let speed: Double
    private let origin: Date
    private let originUptime: ContinuousClock.Instant

    public init(speed: Double = 1, origin: Date = Date()) {
        self.speed = max(speed, 0.001)
        self.origin = origin
        self.originUptime = ContinuousClock.now
    }

    public func now() -> Date {
        let elapsed = ContinuousClock.now - originUptime
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return origin.addingTimeInterval(seconds * speed)
    }

    public func wallSeconds(forSimulated seconds: Double) -> Double { max(seconds, 0) / speed }

    public var isManual: Bool { false }
}

/// A clock that stands still until it is moved: the deterministic mode for tests. The controller
/// manager moves it from timer to timer in `advance(by:)`, settling all work at each step, so a
/// timeline (pull delays, back-offs, evictions) plays out the same way on every run and machine.
public final class ManualClock: SimulationClock {
    private let current: Mutex<Date>

    /// 2026-11-28T09:00:00Z, a fixed start so that runs are reproducible.
    public static let defaultStart = Date(timeIntervalSince1970: 1_795_856_400)

    public init(start: Date = ManualClock.defaultStart) {
        current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    public func wallSeconds(forSimulated seconds: Double) -> Double { 0 }

    public var isManual: Bool { true }

    /// Moves the clock to `date` (never backwards).
    public func set(_ date: Date) {
        current.withLock { if date > $0 { $0 = date } }
    }

    /// Moves the clock forward by `seconds`.
    public func advance(_ seconds: Double) {
        current.withLock { $0 = $0.addingTimeInterval(max(seconds, 0)) }
    }
}
