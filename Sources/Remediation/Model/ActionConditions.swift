/// Condition types of a KarsSREAction's `status.conditions`.
public enum ActionConditionType: String, Sendable, CaseIterable {
    /// The server-side dry run ran (True) or failed (False).
    case previewed = "Previewed"
    /// The operator's decision: True approved, False rejected.
    case approved = "Approved"
    /// True while an execution attempt is recorded and not finished: the at-most-once intent.
    case executing = "Executing"
    /// True once the action's write is on the target.
    case applied = "Applied"
    /// True while execution waits for the kill switch or the budget.
    case executionBlocked = "ExecutionBlocked"
    /// Every workload of the target namespace is available (True) or not (False).
    case workloadsAvailable = "WorkloadsAvailable"
    /// Recovery confirmed (True) or timed out (False).
    case recovered = "Recovered"
    /// Why the action ended without being applied or recovering (TTL, resolved, changed, refused).
    case terminated = "Terminated"
}

/// Condition reasons and Kubernetes Event reasons of KarsSREActions: one vocabulary, so the
/// condition timeline and `kubectl get events` read alike.
public enum ActionReason: String, Sendable, CaseIterable {
    case proposed = "ActionProposed"
    case previewSucceeded = "PreviewSucceeded"
    case previewFailed = "PreviewFailed"
    case approved = "ActionApproved"
    case rejected = "ActionRejected"
    case ttlExpired = "TTLExpired"
    case incidentResolved = "IncidentResolved"
    case targetChanged = "TargetChanged"
    case targetNotFound = "TargetNotFound"
    case protected = "Protected"
    case invalidSpec = "InvalidSpec"
    case paused = "Paused"
    case budgetExhausted = "BudgetExhausted"
    case unblocked = "ExecutionUnblocked"
    case executionStarted = "ExecutionStarted"
    case executionResumed = "ExecutionResumed"
    case executionRetrying = "ExecutionRetrying"
    case alreadyApplied = "AlreadyApplied"
    case applied = "ActionApplied"
    case executionFailed = "ExecutionFailed"
    case workloadsAvailable = "WorkloadsAvailable"
    case workloadsUnavailable = "WorkloadsUnavailable"
    case recovered = "Recovered"
    case recoveryTimedOut = "RecoveryTimedOut"
    case followUpProposed = "FollowUpProposed"

    /// Event type: Warning for the reasons an operator must look at.
    public var eventType: String {
        switch self {
        case .previewFailed, .targetChanged, .targetNotFound, .protected, .invalidSpec, .budgetExhausted,
            .executionFailed, .recoveryTimedOut, .workloadsUnavailable, .executionRetrying:
            return "Warning"
        default:
            return "Normal"
        }
    }
}
