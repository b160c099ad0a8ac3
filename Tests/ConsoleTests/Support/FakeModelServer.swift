import Foundation
import KubeModels
import Synchronization
import TestSupport

/// A local OpenAI-compatible chat-completions endpoint for the chat tests. A script sees each
/// request (parsed) and says what the model answers: tool calls or text, streamed as server-sent
/// events when the request asks for a stream (the agent always does), whole JSON otherwise. A
/// gate can hold answers back until the test opens it.
final class FakeModelServer: Sendable {
    enum Reply: Sendable {
        case tools([(name: String, arguments: JSONValue)])
        case text(String)
    }

    let server: TestHTTPSServer
    private let gate: Gate

    var url: String { server.url }

    /// The parsed bodies of the chat requests received so far.
    var requests: [JSONValue] {
        server.requests.filter { $0.path.hasSuffix("/chat/completions") }.compactMap { try? JSONParser.parse($0.body) }
    }

    private init(server: TestHTTPSServer, gate: Gate) {
        self.server = server
        self.gate = gate
    }

    static func start(held: Bool = false, _ script: @escaping @Sendable (JSONValue) -> Reply) async throws
        -> FakeModelServer
    {
        let gate = Gate(open: !held)
        let server = try await TestHTTPSServer.start(pki: nil) { request in
            await gate.wait()
            let body = (try? JSONParser.parse(request.body)) ?? .null
            let stream = body["stream"]?.boolValue ?? false
            switch script(body) {
            case .tools(let calls): return stream ? streamed(tools: calls) : whole(tools: calls)
            case .text(let text): return stream ? streamed(text: text) : whole(text: text)
            }
        }
        return FakeModelServer(server: server, gate: gate)
    }

    /// Lets held answers go.
    func open() { gate.release() }

    func shutdown() async {
        gate.release()
        await server.shutdown()
    }

    static let usage: JSONValue = ["prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120]

    static func event(_ value: JSONValue) -> TestResponsePart { .text("data: \(value.jsonString())\n\n") }

    static func streamed(tools: [(name: String, arguments: JSONValue)]) -> TestHTTPResponse {
        var parts = [event(["model": "fake-model", "choices": [["index": 0, "delta": ["role": "assistant"]]]])]
        for (index, call) in tools.enumerated() {
            let delta: JSONValue = [
                "tool_calls": [
                    [
                        "index": .int(Int64(index)), "id": .string("call_\(index)"), "type": "function",
                        "function": ["name": .string(call.name), "arguments": .string(call.arguments.jsonString())],
                    ]
                ]
            ]
            parts.append(event(["choices": [["index": 0, "delta": delta]]]))
        }
        parts.append(event(["choices": [["index": 0, "delta": [:], "finish_reason": "tool_calls"]]]))
        parts.append(event(["choices": [], "usage": usage]))
        parts.append(.text("data: [DONE]\n\n"))
        return TestHTTPResponse(
            status: 200, headers: ["Content-Type": "text/event-stream"], parts: parts, streamed: true)
    }

    static func streamed(text: String) -> TestHTTPResponse {
        var parts: [TestResponsePart] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            let piece = rest.prefix(12)
            rest = rest.dropFirst(piece.count)
            parts.append(
                event(["model": "fake-model", "choices": [["index": 0, "delta": ["content": .string(String(piece))]]]]))
        }
        parts.append(event(["choices": [["index": 0, "delta": [:], "finish_reason": "stop"]]]))
        parts.append(event(["choices": [], "usage": usage]))
        parts.append(.text("data: [DONE]\n\n"))
        return TestHTTPResponse(
            status: 200, headers: ["Content-Type": "text/event-stream"], parts: parts, streamed: true)
    }

    static func whole(tools: [(name: String, arguments: JSONValue)]) -> TestHTTPResponse {
        let calls: [JSONValue] = tools.enumerated().map { index, call in
            [
                "id": .string("call_\(index)"), "type": "function",
                "function": ["name": .string(call.name), "arguments": .string(call.arguments.jsonString())],
            ]
        }
        let body: JSONValue = [
            "model": "fake-model", "usage": usage,
            "choices": [
                [
                    "index": 0, "finish_reason": "tool_calls",
                    "message": ["role": "assistant", "content": nil, "tool_calls": .array(calls)],
                ]
            ],
        ]
        return .json(200, body.jsonString())
    }

    static func whole(text: String) -> TestHTTPResponse {
        let body: JSONValue = [
            "model": "fake-model", "usage": usage,
            "choices": [
                ["index": 0, "finish_reason": "stop", "message": ["role": "assistant", "content": .string(text)]]
            ],
        ]
        return .json(200, body.jsonString())
    }

    /// The tool results the model has seen since the last user message.
    static func toolResults(_ body: JSONValue) -> [String] {
        let messages = body["messages"]?.arrayValue ?? []
        let lastUser = messages.lastIndex { $0["role"]?.stringValue == "user" } ?? 0
        return messages[lastUser...].filter { $0["role"]?.stringValue == "tool" }.compactMap {
            $0["content"]?.stringValue
        }
    }

    /// The last question asked.
    static func question(_ body: JSONValue) -> String {
        (body["messages"]?.arrayValue ?? []).last { $0["role"]?.stringValue == "user" }?["content"]?.stringValue ?? ""
    }
}

/// Holds callers until released (then lets everyone through).
final class Gate: Sendable {
    private let state: Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>

    init(open: Bool) { state = Mutex((open, [])) }

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func release() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }
}
