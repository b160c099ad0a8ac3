import Agent
import Foundation

/// One question and what the agent did with it, as the page and the JSON API show it.
public struct ChatTurn: Sendable, Encodable, Equatable {
    public var number: Int
    public var question: String
    public var steps: [ChatStep]
    /// The answer so far (complete once `finished`).
    public var answer: String
    /// Why the turn ended without an answer (budget spent, model error, too many steps).
    public var error: String?
    public var usage: TokenUsage?
    public var modelCalls: Int?
    public var startedAt: Date
    public var finishedAt: Date?

    public var finished: Bool { finishedAt != nil }
}

/// One tool call of a turn: the policy action string, the decision, and the result size.
public struct ChatStep: Sendable, Encodable, Equatable {
    public var tool: String
    public var action: String
    /// `allow`, `deny`, or `error` (no decision: the arguments were not JSON).
    public var decision: String
    public var policy: String?
    public var reason: String?
    public var resultBytes: Int
    public var isError: Bool
}

/// The daily token budget as the page shows it.
public struct ChatBudget: Sendable, Encodable, Equatable {
    public var used: Int
    public var limit: Int
    public var remaining: Int
    public var resetsAt: Date

    init(_ status: TokenBudget.Status) {
        used = status.used
        limit = status.limit
        remaining = status.remaining
        resetsAt = status.resetsAt
    }
}
