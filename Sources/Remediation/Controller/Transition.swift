import Foundation

/// A status change to write, and the Events that announce it.
public struct Transition: Sendable {
    public var status: ActionStatus
    public var events: [(reason: ActionReason, message: String)]

    public init(from status: ActionStatus) {
        self.status = status
        self.events = []
    }

    /// Moves to `phase` with a message (terminal phases also record `completedAt`).
    public mutating func phase(_ phase: ActionPhase, message: String, now: Date) {
        status.phase = phase.rawValue
        status.message = ActionText.clip(message)
        if phase.isTerminal, status.completedAt == nil { status.completedAt = now }
    }

    public mutating func condition(
        _ type: ActionConditionType, _ value: Bool, _ reason: ActionReason, _ message: String, now: Date
    ) {
        status.setCondition(type, value, reason: reason, message: message, now: now)
    }

    public mutating func event(_ reason: ActionReason, _ message: String) {
        events.append((reason, message))
    }

    /// Ends the action without applying it: phase Expired or Failed, condition Terminated, an Event.
    public mutating func terminate(_ phase: ActionPhase, _ reason: ActionReason, _ message: String, now: Date) {
        self.phase(phase, message: message, now: now)
        status.setCondition(.terminated, true, reason: reason, message: message, now: now)
        if status.condition(.executing)?.status == "True" {
            status.setCondition(.executing, false, reason: reason, message: message, now: now)
        }
        status.removeCondition(.executionBlocked)
        events.append((reason, message))
    }
}
