/// The step boundaries of preview and execution. Tests stop the controller at each one to prove
/// that no action is applied twice and no one-shot grant outlives a crash.
public enum ExecutionStep: String, Sendable, CaseIterable {
    /// The preview was written to status.
    case previewRecorded
    /// The intent (`status.execution`, condition Executing) was written.
    case intentRecorded
    case roleCreated
    case bindingCreated
    case tokenMinted
    /// The action's write reached the target.
    case targetWritten
    /// The follow-through writes (nudges) are done.
    case followedThrough
    case bindingDeleted
    case roleDeleted
    /// Phase Applied was written.
    case appliedRecorded
}

/// Called at every step boundary; throwing stops the step's caller there.
public protocol ExecutionHook: Sendable {
    func reached(_ step: ExecutionStep, action: String) async throws
}

/// The production hook: does nothing.
public struct NoExecutionHook: ExecutionHook {
    public init() {}
    public func reached(_ step: ExecutionStep, action: String) async throws {}
}
