import Foundation

/// The demo's live timeline: one line per step, stamped with the time since the incident was
/// staged, flushed at once so a presenter's terminal shows the loop as it happens.
final class DemoTimeline: @unchecked Sendable {
    private let lock = NSLock()
    private var origin = Date()

    /// Restarts the clock (when the incident is staged).
    func start() {
        lock.withLock { origin = Date() }
    }

    var elapsed: TimeInterval { lock.withLock { Date().timeIntervalSince(origin) } }

    /// `+  1.234 s  text`, with continuation lines indented under the text.
    func step(_ text: String, detail: [String] = []) {
        let stamp = String(format: "+%7.3f s", elapsed)
        var lines = ["\(stamp)  \(text)"]
        lines += detail.map { "             \($0)" }
        say(lines.joined(separator: "\n"))
    }

    /// A heading or plain line, without a time stamp.
    func say(_ text: String) {
        lock.withLock { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
    }
}
