import Foundation
import KubeModels
import TestSupport

/// A local OpenAI-compatible chat-completions server driven by a script: each request is answered
/// by a closure that sees the parsed request body, in streamed (SSE) or whole-JSON form.
struct ScriptedLLMServer {
    let server: TestHTTPSServer

    /// What the model "says" next.
    enum Reply: Sendable {
        case toolCalls([(name: String, arguments: JSONValue)])
        case text(String)
        case raw(TestHTTPResponse)
    }

    static func start(_ script: @escaping @Sendable (JSONValue) -> Reply) async throws -> ScriptedLLMServer {
        let server = try await TestHTTPSServer.start(pki: nil) { request in
            let body = (try? JSONParser.parse(request.body)) ?? .null
            let stream = body["stream"]?.boolValue ?? false
            switch script(body) {
            case .raw(let response): return response
            case .toolCalls(let calls): return stream ? Self.streamToolCalls(calls) : Self.jsonToolCalls(calls)
            case .text(let text): return stream ? Self.streamText(text) : Self.jsonText(text)
            }
        }
        return ScriptedLLMServer(server: server)
    }

    var url: String { server.url }
    var requests: [TestHTTPRequest] { server.requests }
    func shutdown() async { await server.shutdown() }

    static let usage: JSONValue = ["prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120]

    static func event(_ value: JSONValue) -> TestResponsePart { .text("data: \(value.jsonString())\n\n") }

    /// Tool calls streamed as the providers do: id and name first, arguments in two fragments.
    static func streamToolCalls(_ calls: [(name: String, arguments: JSONValue)]) -> TestHTTPResponse {
        var parts: [TestResponsePart] = [event(["id": "c1", "model": "scripted-model", "choices": [["index": 0, "delta": ["role": "assistant"]]]])]
        for (index, call) in calls.enumerated() {
            let text = call.arguments.jsonString()
            let middle = text.index(text.startIndex, offsetBy: text.count / 2)
            parts.append(event(["choices": [["index": 0, "delta": ["tool_calls": [["index": .int(Int64(index)), "id": .string("call_\(index)_\(call.name)"), "type": "function", "function": ["name": .string(call.name), "arguments": ""]]]]]]]))
            parts.append(event(["choices": [["index": 0, "delta": ["tool_calls": [["index": .int(Int64(index)), "function": ["arguments": .string(String(text[..<middle]))]]]]]]]))
            parts.append(event(["choices": [["index": 0, "delta": ["tool_calls": [["index": .int(Int64(index)), "function": ["arguments": .string(String(text[middle...]))]]]]]]]))
        }
        parts.append(event(["choices": [["index": 0, "delta": [:], "finish_reason": "tool_calls"]]]))
        parts.append(event(["choices": [], "usage": usage]))
        parts.append(.text("data: [DONE]\n\n"))
        return TestHTTPResponse(status: 200, headers: ["Content-Type": "text/event-stream"], parts: parts, streamed: true)
    }

    static func streamText(_ text: String) -> TestHTTPResponse {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        var parts: [TestResponsePart] = []
        for (index, word) in words.enumerated() {
            let piece = index == words.count - 1 ? String(word) : String(word) + " "
            parts.append(event(["model": "scripted-model", "choices": [["index": 0, "delta": ["content": .string(piece)]]]]))
        }
        parts.append(event(["choices": [["index": 0, "delta": [:], "finish_reason": "stop"]]]))
        parts.append(event(["choices": [], "usage": usage]))
        parts.append(.text("data: [DONE]\n\n"))
        return TestHTTPResponse(status: 200, headers: ["Content-Type": "text/event-stream"], parts: parts, streamed: true)
    }

    static func jsonToolCalls(_ calls: [(name: String, arguments: JSONValue)]) -> TestHTTPResponse {
        let toolCalls: [JSONValue] = calls.enumerated().map { index, call in
            ["id": .string("call_\(index)"), "type": "function", "function": ["name": .string(call.name), "arguments": .string(call.arguments.jsonString())]]
        }
        let body: JSONValue = [
            "id": "c1", "model": "scripted-model", "usage": usage,
            "choices": [["index": 0, "finish_reason": "tool_calls", "message": ["role": "assistant", "content": nil, "tool_calls": .array(toolCalls)]]],
        ]
        return .json(200, body.jsonString())
    }

    static func jsonText(_ text: String) -> TestHTTPResponse {
        let body: JSONValue = [
            "id": "c1", "model": "scripted-model", "usage": usage,
            "choices": [["index": 0, "finish_reason": "stop", "message": ["role": "assistant", "content": .string(text)]]],
        ]
        return .json(200, body.jsonString())
    }
}

extension JSONValue {
    /// The messages of a chat request with this role.
    func messages(role: String) -> [JSONValue] {
        (self["messages"]?.arrayValue ?? []).filter { $0["role"]?.stringValue == role }
    }
}
