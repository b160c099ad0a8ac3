import Foundation

/// Polls until `condition` holds or `timeout` seconds pass; returns whether it held.
@discardableResult
func eventually(timeout: TimeInterval = 60, interval: TimeInterval = 0.05, _ condition: () async throws -> Bool)
    async rethrows -> Bool
{
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(Int64(interval * 1000)))
    }
    return try await condition()
}

struct TimedOut: Error, CustomStringConvertible {
    var description: String
}
