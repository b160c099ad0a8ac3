import Foundation
import Synchronization

@testable import Remediation

/// Real time plus an offset a test can move forward (TTL expiry without waiting 30 minutes).
final class OffsetClock: RemediationClock {
    private let offset = Mutex<TimeInterval>(0)

    func advance(_ seconds: TimeInterval) { offset.withLock { $0 += seconds } }
    func now() -> Date { Date().addingTimeInterval(offset.withLock { $0 }) }
    func sleep(seconds: TimeInterval) async throws {
        try await SystemClock().sleep(seconds: seconds)
    }
}
