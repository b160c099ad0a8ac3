import Foundation
import KubeModels
import Testing
import TestSupport

@testable import Agent

/// The request shapes of both provider dialects, field by field, as built and as received.
@Suite("Provider request shapes")
struct ProviderShapeTests {
    let request = ChatRequest(
        messages: [.system("persona"), .user("why?"), ChatMessage(role: .assistant, content: nil, toolCalls: [ToolCall(id: "c1", name: "describe", arguments: #"{"object":"deployment/web"}"#)]), .tool(id: "c1", "result")],
        tools: [ToolCatalog.describe.definition], stream: true)

    @Test("OpenAI-compatible: /chat/completions, bearer key, model in the body, tools, stream options")
    func openAIShape() throws {
        let configuration = ProviderConfiguration(kind: .openai, endpoint: "http://localhost:11434/v1/", model: "llama3.1", apiKey: "sk-test-123")
        let encoded = try ChatRequestEncoder.encode(request, configuration: configuration)
        #expect(encoded.url == "http://localhost:11434/v1/chat/completions")
        #expect(encoded.method == "POST")
        #expect(encoded.header("Authorization") == "Bearer sk-test-123")
        #expect(encoded.header("api-key") == nil)
        #expect(encoded.header("Content-Type") == "application/json")
        #expect(encoded.header("Accept") == "text/event-stream")
        let body = encoded.body
        #expect(body["model"] == "llama3.1")
        #expect(body["stream"] == true)
        #expect(body[path: "stream_options", "include_usage"] == true)
        #expect(body["tool_choice"] == "auto")
        let messages = try #require(body["messages"]?.arrayValue)
        #expect(messages.map { $0["role"]?.stringValue } == ["system", "user", "assistant", "tool"])
        #expect(messages[2][path: "tool_calls"]?[0]?[path: "function", "name"] == "describe")
        #expect(messages[2][path: "tool_calls"]?[0]?[path: "function", "arguments"] == #"{"object":"deployment/web"}"#)
        #expect(messages[2]["tool_calls"]?[0]?["type"] == "function")
        #expect(messages[3]["tool_call_id"] == "c1")
        #expect(messages[3]["content"] == "result")
        let tool = try #require(body["tools"]?[0])
        #expect(tool["type"] == "function")
        #expect(tool[path: "function", "name"] == "describe")
        #expect(tool[path: "function", "parameters", "type"] == "object")
        #expect(tool[path: "function", "parameters", "required"] == ["object"])
    }

    @Test("Azure OpenAI: deployment path, api-version query, api-key header, no model field")
    func azureShape() throws {
        let configuration = ProviderConfiguration(
            kind: .azure, endpoint: "https://contoso.openai.azure.com", model: "gpt-5.4", apiKey: "azure-key-1",
            deployment: "sre-gpt", apiVersion: "2024-10-21")
        let encoded = try ChatRequestEncoder.encode(request, configuration: configuration)
        #expect(encoded.url == "https://contoso.openai.azure.com/openai/deployments/sre-gpt/chat/completions?api-version=2024-10-21")
        #expect(encoded.header("api-key") == "azure-key-1")
        #expect(encoded.header("Authorization") == nil)
        #expect(encoded.body["model"] == nil)
        #expect(encoded.body["messages"]?.arrayValue?.count == 4)
        #expect(encoded.body["tools"]?.arrayValue?.count == 1)

        var entra = configuration
        entra.bearerToken = "entra-token"
        let withToken = try ChatRequestEncoder.encode(request, configuration: entra)
        #expect(withToken.header("Authorization") == "Bearer entra-token")
        #expect(withToken.header("api-key") == nil)
    }

    @Test("a non-http endpoint is a configuration error that says what to set")
    func badEndpoint() {
        #expect(throws: LLMError.self) {
            try ChatRequestEncoder.encode(request, configuration: ProviderConfiguration(endpoint: "localhost:8080"))
        }
    }

    @Test("the Azure request as the server receives it")
    func azureOverHTTP() async throws {
        let server = try await ScriptedLLMServer.start { _ in .text("hello") }
        let configuration = ProviderConfiguration(
            kind: .azure, endpoint: server.url, model: "gpt-5.4", apiKey: "k-123", deployment: "dep one", apiVersion: "2025-01-01-preview",
            stream: false)
        let response = try await HTTPLLMClient(configuration: configuration).complete(request) { _ in }
        await server.shutdown()
        #expect(response.content == "hello")
        #expect(response.usage == TokenUsage(prompt: 100, completion: 20, total: 120))
        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.path == "/openai/deployments/dep%20one/chat/completions")
        #expect(received.query["api-version"] == "2025-01-01-preview")
        #expect(received.headers["api-key"] == "k-123")
        #expect(received.headers["authorization"] == nil)
        let body = try JSONParser.parse(received.body)
        #expect(body["stream"] == false)
        #expect(body["model"] == nil)
    }

    @Test("the OpenAI request as the server receives it")
    func openAIOverHTTP() async throws {
        let server = try await ScriptedLLMServer.start { _ in .text("hi there") }
        let configuration = ProviderConfiguration(kind: .openai, endpoint: server.url + "/v1", model: "m1", apiKey: "sk-abcdef")
        let collected = TextCollector()
        let response = try await HTTPLLMClient(configuration: configuration).complete(request) { collected.add($0) }
        await server.shutdown()
        #expect(response.content == "hi there")
        #expect(collected.text == "hi there")
        let received = try #require(server.requests.first)
        #expect(received.path == "/v1/chat/completions")
        #expect(received.headers["authorization"] == "Bearer sk-abcdef")
        let body = try JSONParser.parse(received.body)
        #expect(body["model"] == "m1")
        #expect(body["stream"] == true)
    }
}

/// Collects streamed text from a @Sendable callback.
final class TextCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [String] = []
    func add(_ part: String) { lock.withLock { parts.append(part) } }
    var text: String { lock.withLock { parts.joined() } }
    var count: Int { lock.withLock { parts.count } }
}
