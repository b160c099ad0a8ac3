import Foundation
import Remediation

/// One open KarsSREAction as a chat command lists it.
public struct ActionSummary: Sendable, Hashable {
    public var name: String
    public var phase: String
    public var type: String
    public var target: String
    public var approval: String

    public init(name: String, phase: String, type: String, target: String, approval: String) {
        self.name = name
        self.phase = phase
        self.type = type
        self.target = target
        self.approval = approval
    }
}

/// What chat commands and buttons may do with KarsSREActions: list, approve, reject. The seam
/// between the Telegram bot and Remediation (tests substitute it; production uses `ActionClient`).
public protocol ActionOperations: Sendable {
    func openActions() async throws -> [ActionSummary]
    /// Approves and returns a one-line confirmation.
    func approve(_ name: String, by approver: ApproverIdentity) async throws -> String
    /// Rejects and returns a one-line confirmation.
    func reject(_ name: String, by approver: ApproverIdentity, reason: String) async throws -> String
}

/// `ActionOperations` over the Remediation `ActionClient` (its phase checks apply).
public struct ActionClientOperations: ActionOperations {
    public let client: ActionClient

    public init(client: ActionClient) { self.client = client }

    public func openActions() async throws -> [ActionSummary] {
        try await client.list().filter { !$0.phase.isTerminal }.map { action in
            ActionSummary(
                name: action.name, phase: action.phase.rawValue, type: action.spec.action.type,
                target: action.targetDescription, approval: action.spec.approvalState.rawValue)
        }
    }

    public func approve(_ name: String, by approver: ApproverIdentity) async throws -> String {
        let action = try await client.approve(name, by: approver)
        return "approved \(action.name) (\(action.spec.action.type) \(action.targetDescription)) as \(approver.name)"
    }

    public func reject(_ name: String, by approver: ApproverIdentity, reason: String) async throws -> String {
        let action = try await client.reject(name, by: approver, reason: reason)
        return "rejected \(action.name) (\(action.spec.action.type) \(action.targetDescription)) as \(approver.name)"
    }
}
