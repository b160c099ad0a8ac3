import Foundation
import KubeModels

/// One message of a chat-completions conversation, in the shape both provider families share.
public struct ChatMessage: Sendable, Equatable {
    /// Who said it.
    public enum Role: String, Sendable, Codable {
        case system, user, assistant, tool
    }

    public var role: Role
    public var content: String?
    /// Tool calls the assistant asked for (assistant messages only).
    public var toolCalls: [ToolCall]
    /// The call this message answers (tool messages only).
    public var toolCallID: String?

    public init(role: Role, content: String?, toolCalls: [ToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
    public static func tool(id: String, _ text: String) -> ChatMessage {
        ChatMessage(role: .tool, content: text, toolCallID: id)
    }

    /// The wire form (`tool_calls`, `tool_call_id`).
    public var json: JSONValue {
        var object: [String: JSONValue] = ["role": .string(role.rawValue)]
        object["content"] = content.map(JSONValue.string) ?? .null
        if !toolCalls.isEmpty {
            object["tool_calls"] = .array(
                toolCalls.map { call in
                    [
                        "id": .string(call.id), "type": "function",
                        "function": ["name": .string(call.name), "arguments": .string(call.arguments)],
                    ]
                })
        }
        if let toolCallID { object["tool_call_id"] = .string(toolCallID) }
        return .object(object)
    }
}

/// A function call requested by the model; `arguments` is the JSON text the model wrote.
public struct ToolCall: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }
}

/// A tool as offered to the model: name, description and JSON schema of its arguments.
public struct ToolDefinition: Sendable, Equatable {
    public var name: String
    public var description: String
    public var parameters: JSONValue

    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }

    public var json: JSONValue {
        [
            "type": "function",
            "function": ["name": .string(name), "description": .string(description), "parameters": parameters],
        ]
    }
}

/// Token counts from a provider's `usage` field.
public struct TokenUsage: Sendable, Equatable, Codable {
    public var prompt: Int
    public var completion: Int
    public var total: Int

    public init(prompt: Int, completion: Int, total: Int? = nil) {
        self.prompt = prompt
        self.completion = completion
        self.total = total ?? prompt + completion
    }
}

/// What the agent asks of a model: the conversation and the tools it may call.
public struct ChatRequest: Sendable {
    public var messages: [ChatMessage]
    public var tools: [ToolDefinition]
    public var stream: Bool
    public var temperature: Double?

    public init(messages: [ChatMessage], tools: [ToolDefinition] = [], stream: Bool = false, temperature: Double? = nil) {
        self.messages = messages
        self.tools = tools
        self.stream = stream
        self.temperature = temperature
    }
}

/// A model's complete answer (a non-streamed response, or a stream assembled).
public struct ChatResponse: Sendable, Equatable {
    public var content: String
    public var toolCalls: [ToolCall]
    public var finishReason: String?
    public var usage: TokenUsage?
    /// The model name the provider reports.
    public var model: String?
    /// Whether the response carried Azure content-filtering annotations (`prompt_filter_results`).
    public var hasPromptFilterResults: Bool

    public init(
        content: String = "", toolCalls: [ToolCall] = [], finishReason: String? = nil, usage: TokenUsage? = nil,
        model: String? = nil, hasPromptFilterResults: Bool = false
    ) {
        self.content = content
        self.toolCalls = toolCalls
        self.finishReason = finishReason
        self.usage = usage
        self.model = model
        self.hasPromptFilterResults = hasPromptFilterResults
    }

    /// The assistant message to append to the conversation.
    public var message: ChatMessage {
        ChatMessage(role: .assistant, content: content.isEmpty ? nil : content, toolCalls: toolCalls)
    }
}

/// A model that answers chat requests: the seam the agent loop and the tests share.
public protocol LLMClient: Sendable {
    /// The model name, as configured (shown in the persona and the audit).
    var modelName: String { get }
    /// Sends the request; `onText` receives answer text as it streams (once with everything when
    /// not streaming).
    func complete(_ request: ChatRequest, onText: @escaping @Sendable (String) -> Void) async throws -> ChatResponse
}
