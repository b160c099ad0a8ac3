import Foundation
import KubeModels

/// `status` of a KarsSREAction, written only by the controller through the status subresource
/// with optimistic concurrency.
public struct ActionStatus: Codable, Sendable, Hashable {
    public var phase: String?
    public var observedGeneration: Int64?
    public var message: String?
    public var conditions: [Condition]?
    public var preview: ActionPreview?
    public var rollback: ActionRollback?
    public var execution: ExecutionRecord?
    /// Follow-up actions proposed for this one (names).
    public var followUps: [String]?
    public var appliedAt: Date?
    public var recoveredAt: Date?
    /// When the action reached a terminal phase (the 1-hour garbage collection counts from here).
    public var completedAt: Date?

    public init(phase: ActionPhase? = nil) {
        self.phase = phase?.rawValue
    }

    /// The condition of a type, if set.
    public func condition(_ type: ActionConditionType) -> Condition? {
        conditions?.first { $0.type == type.rawValue }
    }

    /// Sets a condition, keeping `lastTransitionTime` when the status does not change.
    public mutating func setCondition(
        _ type: ActionConditionType, _ status: Bool, reason: ActionReason, message: String, now: Date
    ) {
        let statusText = status ? "True" : "False"
        var list = conditions ?? []
        if let index = list.firstIndex(where: { $0.type == type.rawValue }) {
            var condition = list[index]
            if condition.status != statusText { condition.lastTransitionTime = now }
            condition.status = statusText
            condition.reason = reason.rawValue
            condition.message = ActionText.clip(message)
            list[index] = condition
        } else {
            list.append(
                Condition(
                    type: type.rawValue, status: statusText, reason: reason.rawValue, message: ActionText.clip(message),
                    lastTransitionTime: now))
        }
        conditions = list
    }

    /// Removes a condition.
    public mutating func removeCondition(_ type: ActionConditionType) {
        conditions?.removeAll { $0.type == type.rawValue }
    }
}

/// `status.execution`: the recorded intent to execute, written before anything touches the target,
/// so that a restarted or newly elected controller recognises an action that may already be applied.
public struct ExecutionRecord: Codable, Sendable, Hashable {
    /// Unique id of the first attempt.
    public var attempt: String
    /// How many times execution was tried (resumes after crashes and transient errors included).
    public var attempts: Int?
    /// The controller identity that recorded the intent.
    public var holder: String?
    public var startedAt: Date?
    /// The deterministic value every attempt writes (restart and nudge annotations), so a repeated
    /// write is a no-op instead of a second restart.
    public var stamp: String?
    public var lastError: String?

    public init(attempt: String, attempts: Int = 1, holder: String?, startedAt: Date, stamp: String) {
        self.attempt = attempt
        self.attempts = attempts
        self.holder = holder
        self.startedAt = startedAt
        self.stamp = stamp
    }
}
