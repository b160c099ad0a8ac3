import Agent
import Foundation
import Synchronization

/// The console's conversations: one per browser (a chat cookie) and signed-in user, each an
/// `AgentSession` from `ConsoleChat`. One turn runs at a time per conversation (the session's
/// history is one thread of messages); a turn keeps running when the browser goes away, so the
/// conversation stays whole. The least recently used conversation is dropped beyond the limit.
public actor ChatRoom {
    /// What a running turn reports, in order; `done` is last.
    public enum Update: Sendable {
        case step(ChatStep)
        case text(String)
        case done(ChatTurn)
    }

    /// Why a question was not taken.
    public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case tooLong(Int)
        case busy

        public var description: String {
            switch self {
            case .empty: return "the question is empty: type what you want to know about the cluster"
            case .tooLong(let limit): return "the question is longer than \(limit) characters: ask something shorter"
            case .busy: return "the agent is still answering the previous question of this conversation: wait for it"
            }
        }
    }

    struct Conversation {
        let session: AgentSession
        let id: String
        var turns: [ChatTurn]
        var busy: Bool
        var lastUsed: Date
    }

    public nonisolated let chat: ConsoleChat
    public nonisolated let maxQuestionLength: Int
    let maxConversations: Int
    let maxTurnsKept: Int
    private var conversations: [String: Conversation] = [:]

    public init(chat: ConsoleChat, maxConversations: Int = 200, maxTurnsKept: Int = 50, maxQuestionLength: Int = 4000) {
        self.chat = chat
        self.maxConversations = maxConversations
        self.maxTurnsKept = maxTurnsKept
        self.maxQuestionLength = maxQuestionLength
    }

    static func key(user: String, conversation: String) -> String { user + "\u{0}" + conversation }

    /// The turns of a conversation (empty when it does not exist).
    public func turns(user: String, conversation: String) -> [ChatTurn] {
        conversations[Self.key(user: user, conversation: conversation)]?.turns ?? []
    }

    public func budget() async -> ChatBudget { ChatBudget(await chat.budgetStatus()) }

    /// Starts a turn; the stream reports its steps and text and ends with `done`.
    public func ask(user: String, conversation: String, question: String) throws(Refusal) -> AsyncStream<Update> {
        let text = question.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw .empty }
        guard text.count <= maxQuestionLength else { throw .tooLong(maxQuestionLength) }
        let key = Self.key(user: user, conversation: conversation)
        var current = conversations[key] ?? newConversation(user: user)
        guard !current.busy else { throw .busy }
        let turn = ChatTurn(
            number: (current.turns.last?.number ?? 0) + 1, question: text, steps: [], answer: "", startedAt: Date())
        current.turns.append(turn)
        if current.turns.count > maxTurnsKept { current.turns.removeFirst(current.turns.count - maxTurnsKept) }
        current.busy = true
        current.lastUsed = Date()
        conversations[key] = current

        let (stream, continuation) = AsyncStream.makeStream(of: Update.self)
        let recorder = TurnRecorder(turn)
        let session = current.session
        Task {
            do {
                let result = try await session.ask(text) { event in
                    switch event {
                    case .text(let delta):
                        recorder.text(delta)
                        continuation.yield(.text(delta))
                    case .toolCall(let name, let action, let decision):
                        recorder.call(name: name, action: action, decision: decision)
                    case .toolResult(_, let bytes, let isError):
                        if let step = recorder.result(bytes: bytes, isError: isError) {
                            continuation.yield(.step(step))
                        }
                    }
                }
                recorder.finish(answer: result.answer, usage: result.usage, modelCalls: result.modelCalls)
            } catch let error as AgentError {
                recorder.fail(error.description)
            } catch {
                recorder.fail(String(describing: error))
            }
            let finished = recorder.turn
            self.store(finished, key: key)
            continuation.yield(.done(finished))
            continuation.finish()
        }
        return stream
    }

    /// Forgets a conversation's history (refused while a turn runs).
    public func reset(user: String, conversation: String) async throws(Refusal) {
        let key = Self.key(user: user, conversation: conversation)
        guard let current = conversations[key] else { return }
        guard !current.busy else { throw .busy }
        conversations[key] = nil
        await current.session.reset()
    }

    private func newConversation(user: String) -> Conversation {
        if conversations.count >= maxConversations,
            let oldest = conversations.filter({ !$0.value.busy }).min(by: { $0.value.lastUsed < $1.value.lastUsed })
        {
            conversations[oldest.key] = nil
        }
        let id = AgentRuntime.newSessionID()
        return Conversation(session: chat.session(user: user, id: id), id: id, turns: [], busy: false, lastUsed: Date())
    }

    private func store(_ turn: ChatTurn, key: String) {
        guard var current = conversations[key] else { return }
        if let index = current.turns.lastIndex(where: { $0.number == turn.number }) { current.turns[index] = turn }
        current.busy = false
        current.lastUsed = Date()
        conversations[key] = current
    }
}

/// Collects a running turn from the session's (synchronous) event callback.
final class TurnRecorder: Sendable {
    private struct State {
        var turn: ChatTurn
        var pending: ChatStep?
    }

    private let state: Mutex<State>

    init(_ turn: ChatTurn) { state = Mutex(State(turn: turn)) }

    var turn: ChatTurn { state.withLock { $0.turn } }

    func text(_ delta: String) { state.withLock { $0.turn.answer += delta } }

    func call(name: String, action: String, decision: PolicyDecision?) {
        state.withLock {
            $0.pending = ChatStep(
                tool: name, action: action, decision: decision?.verdict ?? "error", policy: decision?.policy,
                reason: decision.map(\.reason), resultBytes: 0, isError: false)
        }
    }

    func result(bytes: Int, isError: Bool) -> ChatStep? {
        state.withLock { state -> ChatStep? in
            guard var step = state.pending else { return nil }
            step.resultBytes = bytes
            step.isError = isError
            state.pending = nil
            state.turn.steps.append(step)
            return step
        }
    }

    func finish(answer: String, usage: TokenUsage, modelCalls: Int) {
        state.withLock {
            $0.turn.answer = answer
            $0.turn.usage = usage
            $0.turn.modelCalls = modelCalls
            $0.turn.finishedAt = Date()
        }
    }

    func fail(_ message: String) {
        state.withLock {
            $0.turn.error = message
            $0.turn.finishedAt = Date()
        }
    }
}
