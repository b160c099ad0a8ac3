/// Errors of the remediation library, each worded for the operator who reads it.
public enum RemediationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A protection rule forbids the action (protected namespace, managed quota, kars.azure.com).
    case refused(String)
    /// The action's fields are not valid for its type.
    case invalidSpec(String)
    /// A KarsSREAction that cannot be read.
    case invalidObject(String)
    /// No such action.
    case notFound(String)
    /// The action is not in a phase that allows this (e.g. approving an Applied action).
    case wrongPhase(String)
    /// The target object does not exist.
    case targetNotFound(String)
    /// A one-shot grant would exceed the writer ceilings, or the ceilings are not installed.
    case beyondCeiling(String)
    /// Execution failed.
    case executionFailed(String)
    /// Nothing to undo.
    case notUndoable(String)

    public var description: String {
        switch self {
        case .refused(let message), .invalidSpec(let message), .invalidObject(let message), .notFound(let message),
            .wrongPhase(let message), .targetNotFound(let message), .beyondCeiling(let message),
            .executionFailed(let message), .notUndoable(let message):
            return message
        }
    }
}
