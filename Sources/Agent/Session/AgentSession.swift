import Foundation

/// What happens during a turn, for the CLI to show as it happens.
public enum AgentEvent: Sendable {
    /// Answer text as it streams.
    case text(String)
    /// A tool call with the policy's decision.
    case toolCall(name: String, action: String, decision: PolicyDecision?)
    /// A tool's result size (or failure).
    case toolResult(name: String, bytes: Int, isError: Bool)
}

/// The result of one turn.
public struct TurnResult: Sendable {
    public var answer: String
    public var toolCalls: [ToolRunner.Outcome]
    public var usage: TokenUsage
    public var modelCalls: Int
}

/// Why a turn stopped without an answer.
public enum AgentError: Error, Sendable, CustomStringConvertible {
    case budget(BudgetExhausted)
    case model(LLMError)
    case tooManySteps(Int)

    public var description: String {
        switch self {
        case .budget(let refusal): return "refused: \(refusal.description)"
        case .model(let error): return error.description
        case .tooManySteps(let count):
            return "the model kept calling tools for \(count) rounds without answering; ask a narrower question"
        }
    }
}

/// A conversation with the agent: the persona, the history, and the loop that alternates model
/// calls and policy-checked tool calls until the model answers. Every model call checks and
/// charges the token budget and is audited; tool calls go through the `ToolRunner`.
public actor AgentSession {
    public let llm: any LLMClient
    public let runner: ToolRunner
    public let budget: TokenBudget
    public let shields: PromptShields
    public let maxSteps: Int
    private var messages: [ChatMessage]

    public init(llm: any LLMClient, runner: ToolRunner, budget: TokenBudget, shields: PromptShields = PromptShields(), maxSteps: Int = 10) {
        self.llm = llm
        self.runner = runner
        self.budget = budget
        self.shields = shields
        self.maxSteps = maxSteps
        self.messages = [.system(Persona.systemPrompt(model: llm.modelName, tools: runner.tools, policyAgent: runner.policy.profile.agent))]
    }

    /// The conversation so far (the system prompt first).
    public var history: [ChatMessage] { messages }

    /// Forgets the conversation (the persona stays).
    public func reset() { messages = Array(messages.prefix(1)) }

    /// Answers a question, calling tools as the model asks.
    public func ask(_ question: String, onEvent: @escaping @Sendable (AgentEvent) -> Void = { _ in }) async throws(AgentError) -> TurnResult {
        messages.append(.user(question))
        var calls: [ToolRunner.Outcome] = []
        var usage = TokenUsage(prompt: 0, completion: 0)
        var modelCalls = 0
        for _ in 0..<maxSteps {
            do {
                try await budget.check()
            } catch {
                throw .budget(error)
            }
            let started = Date()
            let response: ChatResponse
            do {
                response = try await llm.complete(
                    ChatRequest(messages: messages, tools: runner.definitions, stream: true), onText: { onEvent(.text($0)) })
                try shields.check(response)
            } catch {
                let llmError = (error as? LLMError) ?? .transport(String(describing: error))
                await auditModel(started: started, response: nil, error: llmError.description)
                throw .model(llmError)
            }
            modelCalls += 1
            if let used = response.usage {
                await budget.record(used.total)
                usage = TokenUsage(prompt: usage.prompt + used.prompt, completion: usage.completion + used.completion, total: usage.total + used.total)
            }
            await auditModel(started: started, response: response, error: nil)
            messages.append(response.message)
            guard !response.toolCalls.isEmpty else {
                return TurnResult(answer: response.content, toolCalls: calls, usage: usage, modelCalls: modelCalls)
            }
            for call in response.toolCalls {
                let outcome = await runner.call(name: call.name, argumentsText: call.arguments)
                onEvent(.toolCall(name: call.name, action: outcome.action, decision: outcome.decision))
                onEvent(.toolResult(name: call.name, bytes: outcome.resultBytes, isError: outcome.isError))
                calls.append(outcome)
                messages.append(.tool(id: call.id, outcome.content))
            }
        }
        throw .tooManySteps(maxSteps)
    }

    private func auditModel(started: Date, response: ChatResponse?, error: String?) async {
        await runner.audit.append(
            AuditRecord(
                time: started, session: runner.session, actor: runner.actor, kind: .model,
                decision: error == nil ? "ok" : "error", durationMs: Int(Date().timeIntervalSince(started) * 1000),
                resultBytes: response.map { $0.content.utf8.count }, tokens: response?.usage,
                model: response?.model ?? llm.modelName, error: error))
    }
}
