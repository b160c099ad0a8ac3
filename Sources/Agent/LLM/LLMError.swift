/// Why a model call failed, worded for the operator: what was wrong and what to do.
public enum LLMError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The provider is not configured or the configuration is unusable.
    case configuration(String)
    /// The provider answered with an HTTP error (after retries where they apply).
    case http(status: Int, message: String)
    /// The connection failed or timed out (after retries).
    case transport(String)
    /// The answer could not be read.
    case malformed(String)
    /// Content safety: prompt shields were required and the answer carried no annotations.
    case contentSafety(String)

    public var description: String {
        switch self {
        case .configuration(let text): return text
        case .http(let status, let message):
            let hint: String
            switch status {
            case 401, 403: hint = " (check the API key or token)"
            case 404: hint = " (check the endpoint, the model or the Azure deployment and api-version)"
            case 429: hint = " (rate limited: wait, or raise the provider quota)"
            default: hint = ""
            }
            return "the model provider answered HTTP \(status)\(hint): \(message)"
        case .transport(let text): return "the model provider could not be reached: \(text)"
        case .malformed(let text): return "the model provider's answer could not be read: \(text)"
        case .contentSafety(let text): return text
        }
    }
}
