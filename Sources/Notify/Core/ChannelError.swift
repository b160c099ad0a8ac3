/// Why a channel did not take a message. Descriptions name the channel and the HTTP status or
/// the API's own description, never the URL (webhook URLs and bot tokens are credentials).
public enum ChannelError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The channel answered with a non-retryable status (400 bad payload, 401/403/404 bad credentials).
    case rejected(channel: String, status: Int, detail: String)
    /// Retries ran out on 429 or 5xx answers.
    case gaveUp(channel: String, attempts: Int, lastStatus: Int)
    /// No answer: connection refused, DNS, TLS or the request timed out.
    case unreachable(channel: String, reason: String)
    /// The channel is configured wrongly (missing chat id, bad URL).
    case misconfigured(channel: String, problem: String)

    public var description: String {
        switch self {
        case .rejected(let channel, let status, let detail):
            return "\(channel): rejected with HTTP \(status): \(detail)"
        case .gaveUp(let channel, let attempts, let lastStatus):
            return "\(channel): gave up after \(attempts) attempts (last answer HTTP \(lastStatus))"
        case .unreachable(let channel, let reason):
            return "\(channel): unreachable: \(reason)"
        case .misconfigured(let channel, let problem):
            return "\(channel): misconfigured: \(problem)"
        }
    }
}
