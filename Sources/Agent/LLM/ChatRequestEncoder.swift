import Foundation
import KubeModels

/// The HTTP request a provider expects for a chat completion, built without any I/O so tests can
/// check every field of both dialects.
public struct ProviderHTTPRequest: Sendable, Equatable {
    public var url: String
    public var method: String
    /// Header names as sent.
    public var headers: [(String, String)]
    public var body: JSONValue

    public static func == (lhs: ProviderHTTPRequest, rhs: ProviderHTTPRequest) -> Bool {
        lhs.url == rhs.url && lhs.method == rhs.method && lhs.body == rhs.body
            && lhs.headers.map { "\($0.0):\($0.1)" } == rhs.headers.map { "\($0.0):\($0.1)" }
    }

    /// The value of a header (case-insensitive name).
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// Builds provider requests: URL, authentication header and JSON body for each dialect.
public enum ChatRequestEncoder {
    /// The request for `request` under `configuration`.
    public static func encode(_ request: ChatRequest, configuration: ProviderConfiguration) throws(LLMError) -> ProviderHTTPRequest {
        let base = configuration.endpoint.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard let parsed = URL(string: base), let scheme = parsed.scheme, ["http", "https"].contains(scheme),
            parsed.host != nil
        else {
            throw .configuration(
                "the LLM endpoint \(configuration.endpoint) is not an http(s) URL; set --llm-endpoint or KARS_SRE_LLM_ENDPOINT, e.g. https://api.openai.com/v1")
        }
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        headers.append(("Accept", request.stream ? "text/event-stream" : "application/json"))
        var body: [String: JSONValue] = [
            "messages": .array(request.messages.map(\.json)),
            "stream": .bool(request.stream),
        ]
        if !request.tools.isEmpty {
            body["tools"] = .array(request.tools.map(\.json))
            body["tool_choice"] = "auto"
        }
        if let temperature = request.temperature { body["temperature"] = .double(temperature) }
        if request.stream { body["stream_options"] = ["include_usage": true] }
        let url: String
        switch configuration.kind {
        case .openai:
            url = base + "/chat/completions"
            body["model"] = .string(configuration.model)
            if let key = configuration.apiKey, !key.isEmpty { headers.append(("Authorization", "Bearer \(key)")) }
        case .azure:
            let deployment = configuration.deployment ?? configuration.model
            let allowed = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))
            let escaped = deployment.addingPercentEncoding(withAllowedCharacters: allowed) ?? deployment
            let version = configuration.apiVersion.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""
            url = base + "/openai/deployments/\(escaped)/chat/completions?api-version=\(version)"
            if let token = configuration.bearerToken, !token.isEmpty {
                headers.append(("Authorization", "Bearer \(token)"))
            } else if let key = configuration.apiKey, !key.isEmpty {
                headers.append(("api-key", key))
            }
        }
        return ProviderHTTPRequest(url: url, method: "POST", headers: headers, body: .object(body))
    }
}
