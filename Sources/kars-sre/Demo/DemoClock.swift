import Foundation
import KubeSim
import Remediation

/// The controller's and the action client's clock in the demo: the embedded cluster's time. At
/// `--speed` above 1 the cluster runs ahead of the wall clock, so deadlines (a pod's deletion
/// deadline, the settle window, the action's TTL) must be judged on the cluster's clock, and a
/// wait of N simulated seconds takes N / speed wall-clock seconds.
struct DemoClock: RemediationClock {
    let clock: ScaledClock

    func now() -> Date { clock.now() }

    func sleep(seconds: TimeInterval) async throws {
        let wall = clock.wallSeconds(forSimulated: seconds)
        guard wall > 0 else { return }
        try await Task.sleep(for: .milliseconds(Int64((wall * 1000).rounded(.up))))
    }
}
