import Foundation

/// A webhook URL kept secret (it is the credential) and the channel's HTTP client: what the Slack
/// and Discord notifiers share. The URL is checked once at start-up, naming the variable to fix.
struct JSONWebhook: Sendable {
    let url: SecretValue
    let http: ChannelHTTP

    init(channel: String, variable: String, url: SecretValue, http: ChannelHTTP?) throws {
        guard let parsed = URL(string: url.reveal), parsed.scheme != nil else {
            throw ChannelError.misconfigured(channel: channel, problem: "\(variable) is not a URL")
        }
        self.url = url
        self.http = http ?? ChannelHTTP(channel: channel, url: parsed)
    }

    /// Posts `payload` as JSON (keys sorted), with the channel's retries.
    func post(_ payload: [String: Any]) async throws {
        guard let target = URL(string: url.reveal) else { return }
        let body = try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
        _ = try await http.post(target, json: body)
    }

    func shutdown() async { await http.shutdown() }
}
