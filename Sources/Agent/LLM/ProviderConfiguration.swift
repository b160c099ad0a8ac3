import Foundation

/// Where and how to reach a model: an OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp
/// server) or an Azure OpenAI deployment. Secrets stay in this value and go only into request
/// headers; `description` never shows them.
public struct ProviderConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// The two wire dialects.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// `POST {endpoint}/chat/completions`, `Authorization: Bearer KEY`, `model` in the body.
        case openai
        /// `POST {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=V`,
        /// `api-key: KEY` (or `Authorization: Bearer TOKEN` for Entra ID).
        case azure
    }

    public static let defaultModel = "gpt-5.4"
    public static let defaultAzureAPIVersion = "2024-10-21"

    public var kind: Kind
    /// Base URL, e.g. `https://api.openai.com/v1`, `http://localhost:11434/v1`,
    /// `https://NAME.openai.azure.com`.
    public var endpoint: String
    public var model: String
    /// OpenAI: the bearer key; Azure: the `api-key` header value.
    public var apiKey: String?
    /// Azure: an Entra ID bearer token used instead of the api-key.
    public var bearerToken: String?
    /// Azure: the deployment name (default: the model name).
    public var deployment: String?
    public var apiVersion: String
    /// Seconds for one whole request (a streamed one included).
    public var timeout: Double
    /// Extra attempts after a 429 or 5xx answer, or a connection failure.
    public var maxRetries: Int
    /// Base delay of the exponential back-off between retries (seconds); a `Retry-After` header
    /// overrides it (capped at `maxRetryDelay`).
    public var retryDelay: Double
    public var maxRetryDelay: Double
    public var stream: Bool

    public init(
        kind: Kind = .openai, endpoint: String, model: String = ProviderConfiguration.defaultModel, apiKey: String? = nil,
        bearerToken: String? = nil, deployment: String? = nil,
        apiVersion: String = ProviderConfiguration.defaultAzureAPIVersion, timeout: Double = 120, maxRetries: Int = 3,
        retryDelay: Double = 1, maxRetryDelay: Double = 30, stream: Bool = true
    ) {
        self.kind = kind
        self.endpoint = endpoint
        self.model = model
        self.apiKey = apiKey
        self.bearerToken = bearerToken
        self.deployment = deployment
        self.apiVersion = apiVersion
        self.timeout = timeout
        self.maxRetries = maxRetries
        self.retryDelay = retryDelay
        self.maxRetryDelay = maxRetryDelay
        self.stream = stream
    }

    public var description: String {
        var text = "\(kind.rawValue) \(endpoint) model \(model)"
        if kind == .azure { text += " deployment \(deployment ?? model) api-version \(apiVersion)" }
        text += apiKey != nil ? " (api key set)" : bearerToken != nil ? " (bearer token set)" : " (no credentials)"
        return text
    }
}
