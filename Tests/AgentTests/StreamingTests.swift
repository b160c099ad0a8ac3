import Foundation
import KubeModels
import Testing
import TestSupport

@testable import Agent

/// SSE framing and the assembly of streamed content and tool-call deltas.
@Suite("Streaming")
struct StreamingTests {
    @Test("SSE events split across chunks, CRLF line ends, comments and multi-line data")
    func sseFraming() {
        var parser = SSEParser()
        var events: [String] = []
        events += parser.feed(Array(": keep-alive\r\ndata: {\"a\"".utf8))
        #expect(events.isEmpty)
        events += parser.feed(Array(":1}\r\n\r\nevent: x\ndata: line1\ndata: line2\n".utf8))
        #expect(events == [#"{"a":1}"#])
        events += parser.feed(Array("\ndata: [DONE]".utf8))
        events += parser.finish()
        #expect(events == [#"{"a":1}"#, "line1\nline2", "[DONE]"])
    }

    @Test("tool-call deltas are merged by index: id and name once, arguments in fragments, two calls interleaved")
    func toolCallAssembly() throws {
        var assembler = StreamAssembler()
        let chunks = [
            #"{"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Look"}}]}"#,
            #"{"choices":[{"index":0,"delta":{"content":"ing."}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"describe","arguments":""}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"logs","arguments":"{\"po"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"object\":"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"d\":\"web-1\"}"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"deployment/web\"}"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
            #"{"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10}}"#,
            "[DONE]",
        ]
        var text = ""
        for chunk in chunks { text += try assembler.apply(chunk) ?? "" }
        #expect(assembler.done)
        let response = assembler.response
        #expect(text == "Looking.")
        #expect(response.content == "Looking.")
        #expect(response.finishReason == "tool_calls")
        #expect(response.usage == TokenUsage(prompt: 7, completion: 3, total: 10))
        #expect(response.toolCalls == [
            ToolCall(id: "call_a", name: "describe", arguments: #"{"object":"deployment/web"}"#),
            ToolCall(id: "call_b", name: "logs", arguments: #"{"pod":"web-1"}"#),
        ])
        #expect(!response.hasPromptFilterResults)
    }

    @Test("Azure prompt_filter_results in the first chunk are noticed")
    func azureAnnotations() throws {
        var assembler = StreamAssembler()
        _ = try assembler.apply(#"{"choices":[],"prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}]}"#)
        _ = try assembler.apply(#"{"choices":[{"index":0,"delta":{"content":"ok"}}]}"#)
        #expect(assembler.response.hasPromptFilterResults)
        #expect(throws: Never.self) { try PromptShields(required: true).check(assembler.response) }
        var bare = StreamAssembler()
        _ = try bare.apply(#"{"choices":[{"index":0,"delta":{"content":"ok"}}]}"#)
        #expect(throws: LLMError.self) { try PromptShields(required: true).check(bare.response) }
        #expect(throws: Never.self) { try PromptShields(required: false).check(bare.response) }
    }

    @Test("a streamed answer over HTTP, chunks cut in the middle of events, arrives as deltas")
    func streamOverHTTP() async throws {
        let events = [
            #"data: {"model":"m","choices":[{"index":0,"delta":{"content":"The quota "}}]}"#,
            #"data: {"choices":[{"index":0,"delta":{"content":"blocks pods."}}]}"#,
            #"data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"x1","function":{"name":"diagnose","arguments":"{}"}}]}}]}"#,
            #"data: {"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}"#,
            "data: [DONE]",
        ].map { $0 + "\n\n" }.joined()
        let bytes = Array(events.utf8)
        var parts: [TestResponsePart] = []
        var index = 0
        while index < bytes.count {
            let end = min(index + 37, bytes.count)
            parts.append(.data(Data(bytes[index..<end])))
            index = end
        }
        let response = TestHTTPResponse(status: 200, headers: ["Content-Type": "text/event-stream"], parts: parts, streamed: true)
        let server = try await ScriptedLLMServer.start { _ in .raw(response) }
        let collected = TextCollector()
        let answer = try await HTTPLLMClient(configuration: ProviderConfiguration(endpoint: server.url)).complete(ChatRequest(messages: [.user("q")])) {
            collected.add($0)
        }
        await server.shutdown()
        #expect(collected.text == "The quota blocks pods.")
        #expect(collected.count >= 2)
        #expect(answer.toolCalls == [ToolCall(id: "x1", name: "diagnose", arguments: "{}")])
        #expect(answer.usage?.total == 9)
    }
}
