import Foundation
import KubeAPI
import KubeModels

/// Phase Applied: recovery is observed through the watches. Recovered when every workload of the
/// target namespace is available and no failure event about the target arrived for the settle
/// window; Failed when that does not happen within the recovery timeout; a RolloutRestart is
/// proposed for a workload that stays down although its cause is gone.
extension Reconciler {
    func reconcileApplied(_ action: ActionObject) async throws -> TimeInterval? {
        guard await observation.isSynced else { return 0.5 }
        let now = clock.now()
        let appliedAt = action.status.appliedAt ?? now
        let namespace = action.target.namespace
        let workloads = await observation.workloads(namespace: namespace)
        let filter = FailureEventFilter(action: action)
        let lastFailure = filter.newestFailure(in: await observation.events(namespace: namespace), after: appliedAt)
        let availability = action.status.condition(.workloadsAvailable)
        // Stored times have second precision (rounded down): the upper bound keeps the settle window whole.
        let availableSince = availability?.status == "True" ? availability?.lastTransitionTime?.addingTimeInterval(1) : nil
        let evaluator = RecoveryEvaluator(settle: configuration.settle)
        switch evaluator.evaluate(
            workloads: workloads, availableSince: availableSince, lastFailure: lastFailure, now: now)
        {
        case .recovered:
            return try await recordRecovered(action, workloads: workloads)
        case .settling(let until):
            if availability?.status != "True" {
                var transition = Transition(from: action.status)
                let message = "all \(workloads.count) workloads of \(namespace) are available; settling for "
                    + Self.seconds(configuration.settle)
                transition.condition(.workloadsAvailable, true, .workloadsAvailable, message, now: now)
                transition.event(.workloadsAvailable, message)
                try await commit(action, transition)
            }
            return max(0.05, until.timeIntervalSince(now))
        case .unavailable(let down):
            return try await stillDown(action, down: down, lastFailure: lastFailure, appliedAt: appliedAt)
        }
    }

    private func recordRecovered(_ action: ActionObject, workloads: [WorkloadHealth]) async throws -> TimeInterval? {
        let now = clock.now()
        var transition = Transition(from: action.status)
        let seconds = Int(now.timeIntervalSince(action.status.appliedAt ?? now).rounded())
        let message =
            "recovered \(seconds) s after the action: all \(workloads.count) workloads of \(action.target.namespace) "
            + "are available and no failure event for \(Self.seconds(configuration.settle))"
        transition.phase(.recovered, message: message, now: now)
        transition.status.recoveredAt = now
        transition.condition(.recovered, true, .recovered, message, now: now)
        transition.event(.recovered, message)
        try await commit(action, transition)
        return configuration.retention
    }

    private func stillDown(_ action: ActionObject, down: [WorkloadHealth], lastFailure: Date?, appliedAt: Date)
        async throws -> TimeInterval?
    {
        let now = clock.now()
        let summary = down.prefix(5).map(\.description).joined(separator: "; ")
        var transition = Transition(from: action.status)
        var changed = false
        let availability = action.status.condition(.workloadsAvailable)
        let downMessage = "not available: \(summary)"
        if availability?.status != "False" || availability?.message != ActionText.clip(downMessage) {
            transition.condition(.workloadsAvailable, false, .workloadsUnavailable, downMessage, now: now)
            if availability?.status != "False" { transition.event(.workloadsUnavailable, downMessage) }
            changed = true
        }
        let deadline = appliedAt.addingTimeInterval(configuration.recoveryTimeout)
        if now >= deadline {
            var message = "no recovery within \(Self.minutes(configuration.recoveryTimeout)) of applying: \(summary)"
            if let lastFailure { message += "; failure events continue (last at \(KubeTime.format(lastFailure)))" }
            if let followUps = action.status.followUps, !followUps.isEmpty {
                message += "; follow-up proposed: \(followUps.joined(separator: ", "))"
            }
            transition.terminate(.failed, .recoveryTimedOut, message, now: now)
            transition.condition(.recovered, false, .recoveryTimedOut, message, now: now)
            try await commit(action, transition)
            return configuration.retention
        }
        let followUpAt = appliedAt.addingTimeInterval(configuration.followUpAfter)
        if now >= followUpAt, action.status.followUps == nil, lastFailure == nil,
            action.actionType != .rolloutRestart
        {
            let names = try await proposeFollowUps(action, down: down)
            transition.status.followUps = names
            if !names.isEmpty {
                transition.event(
                    .followUpProposed,
                    "\(summary) stays down although its cause was removed; proposed \(names.joined(separator: ", ")) "
                        + "(needs its own approval)")
            }
            changed = true
        }
        if changed { try await commit(action, transition) }
        var next = deadline.timeIntervalSince(now)
        if action.status.followUps == nil, followUpAt > now { next = min(next, followUpAt.timeIntervalSince(now)) }
        return max(0.05, min(next, configuration.resync))
    }

    static func seconds(_ value: TimeInterval) -> String {
        value < 10 && value != value.rounded() ? String(format: "%.1f s", value) : "\(Int(value.rounded())) s"
    }

    static func minutes(_ seconds: TimeInterval) -> String {
        seconds >= 60 && seconds.truncatingRemainder(dividingBy: 60) == 0 ? "\(Int(seconds / 60))m" : "\(Int(seconds))s"
    }
}
