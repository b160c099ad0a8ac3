import Foundation
import KubeModels

/// Reads chat-completions answers: a whole JSON response, or the chunks of a stream assembled
/// into one response (content deltas appended, tool-call deltas merged by index: the id and name
/// arrive once, the arguments in fragments).
public struct StreamAssembler: Sendable {
    private var content = ""
    private var calls: [Int: ToolCall] = [:]
    private var finishReason: String?
    private var usage: TokenUsage?
    private var model: String?
    private var filtered = false
    /// Whether `[DONE]` was seen.
    public private(set) var done = false

    public init() {}

    /// Applies one event payload; returns the answer text it adds, if any.
    public mutating func apply(_ payload: String) throws(LLMError) -> String? {
        let trimmed = payload.trimmingCharacters(in: .whitespaces)
        if trimmed == "[DONE]" {
            done = true
            return nil
        }
        let chunk: JSONValue
        do {
            chunk = try JSONParser.parse(Data(trimmed.utf8))
        } catch {
            throw .malformed("a stream event is not JSON: \(String(trimmed.prefix(200)))")
        }
        if let message = chunk[path: "error", "message"]?.stringValue {
            throw .http(status: 200, message: message)
        }
        if let name = chunk["model"]?.stringValue, !name.isEmpty { model = name }
        if chunk["prompt_filter_results"] != nil { filtered = true }
        if let parsed = ChatResponseDecoder.usage(chunk["usage"]) { usage = parsed }
        var added: String?
        for choice in chunk["choices"]?.arrayValue ?? [] {
            if choice["content_filter_results"] != nil { filtered = true }
            if let reason = choice["finish_reason"]?.stringValue { finishReason = reason }
            guard let delta = choice["delta"] else { continue }
            if let text = delta["content"]?.stringValue, !text.isEmpty {
                content += text
                added = (added ?? "") + text
            }
            for (position, part) in (delta["tool_calls"]?.arrayValue ?? []).enumerated() {
                let index = part["index"]?.intValue.map(Int.init) ?? position
                var call = calls[index] ?? ToolCall(id: "", name: "", arguments: "")
                if let id = part["id"]?.stringValue, !id.isEmpty { call.id = id }
                if let name = part[path: "function", "name"]?.stringValue, !name.isEmpty { call.name += name }
                if let arguments = part[path: "function", "arguments"]?.stringValue { call.arguments += arguments }
                calls[index] = call
            }
        }
        return added
    }

    /// The assembled response.
    public var response: ChatResponse {
        let ordered = calls.sorted { $0.key < $1.key }.map { entry -> ToolCall in
            var call = entry.value
            if call.id.isEmpty { call.id = "call_\(entry.key)" }
            return call
        }
        return ChatResponse(
            content: content, toolCalls: ordered, finishReason: finishReason, usage: usage, model: model,
            hasPromptFilterResults: filtered)
    }
}

/// Decodes a non-streamed chat-completions JSON body.
public enum ChatResponseDecoder {
    public static func decode(_ data: Data) throws(LLMError) -> ChatResponse {
        let body: JSONValue
        do {
            body = try JSONParser.parse(data)
        } catch {
            throw .malformed("the body is not JSON: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        if let message = body[path: "error", "message"]?.stringValue { throw .http(status: 200, message: message) }
        guard let choice = body["choices"]?[0] else { throw .malformed("the answer has no choices") }
        let message = choice["message"]
        var calls: [ToolCall] = []
        for (index, call) in (message?["tool_calls"]?.arrayValue ?? []).enumerated() {
            guard let name = call[path: "function", "name"]?.stringValue else { continue }
            let arguments = call[path: "function", "arguments"]
            let text = arguments?.stringValue ?? arguments.map { $0.jsonString() } ?? "{}"
            calls.append(ToolCall(id: call["id"]?.stringValue ?? "call_\(index)", name: name, arguments: text))
        }
        let filtered =
            body["prompt_filter_results"] != nil
            || (body["choices"]?.arrayValue ?? []).contains { $0["content_filter_results"] != nil }
        return ChatResponse(
            content: message?["content"]?.stringValue ?? "", toolCalls: calls,
            finishReason: choice["finish_reason"]?.stringValue, usage: usage(body["usage"]),
            model: body["model"]?.stringValue, hasPromptFilterResults: filtered)
    }

    static func usage(_ value: JSONValue?) -> TokenUsage? {
        guard let value, let prompt = value["prompt_tokens"]?.intValue,
            let completion = value["completion_tokens"]?.intValue
        else { return nil }
        return TokenUsage(prompt: Int(prompt), completion: Int(completion), total: value["total_tokens"]?.intValue.map(Int.init))
    }
}
