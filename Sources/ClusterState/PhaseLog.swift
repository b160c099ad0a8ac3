import Foundation

/// Wall and CPU time of the named steps of building a state (read, scan, decode, index), so the
/// benchmark can say where the time of a snapshot diagnosis goes. Used by one thread at a time.
package final class PhaseLog: @unchecked Sendable {
    /// One step: its name, wall seconds and process CPU seconds (all threads).
    package struct Phase: Sendable {
        package let name: String
        package let wall: Double
        package let cpu: Double
    }

    package private(set) var phases: [Phase] = []

    package init() {}

    /// Runs `body` as the step `name`.
    package func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        let cpuStart = Self.cpuSeconds()
        let result = try body()
        let elapsed = ContinuousClock.now - start
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        phases.append(Phase(name: name, wall: wall, cpu: Self.cpuSeconds() - cpuStart))
        return result
    }

    /// CPU time of the whole process (every thread), less sensitive to other load than wall time.
    package static func cpuSeconds() -> Double {
        Double(clock()) / Double(CLOCKS_PER_SEC)
    }
}

extension Optional where Wrapped == PhaseLog {
    /// `measure` when there is a log, else just `body`.
    func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        guard let log = self else { return try body() }
        return try log.measure(name, body)
    }
}
