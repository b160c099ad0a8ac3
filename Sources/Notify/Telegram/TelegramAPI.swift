import Foundation

/// The Telegram Bot API methods kars-sre uses (sendMessage, getUpdates, answerCallbackQuery,
/// editMessageText), as JSON POSTs to `BASE/bot<token>/<method>`. The token only ever appears in
/// the request URL, never in errors or logs.
public struct TelegramAPI: Sendable {
    public static let defaultBase = URL(string: "https://api.telegram.org")!

    let http: ChannelHTTP
    let base: URL
    let token: SecretValue

    public init(token: SecretValue, base: URL = TelegramAPI.defaultBase, http: ChannelHTTP? = nil) {
        self.token = token
        self.base = base
        self.http = http ?? ChannelHTTP(channel: "telegram", url: base)
    }

    func url(_ method: String) -> URL {
        base.appendingPathComponent("bot\(token.reveal)").appendingPathComponent(method)
    }

    /// Calls a method; returns its `result` (Telegram answers `{"ok":true,"result":...}`).
    @discardableResult
    public func call(_ method: String, _ parameters: [String: Any], timeout: Duration? = nil) async throws -> Any? {
        let body = try JSONSerialization.data(withJSONObject: parameters, options: [.sortedKeys])
        let response = try await http.post(url(method), json: body, timeout: timeout)
        guard let json = response.json, json["ok"] as? Bool == true else {
            throw ChannelError.rejected(channel: "telegram", status: response.status, detail: ChannelHTTP.detail(response))
        }
        return json["result"]
    }

    /// Long-polls for updates after `offset`, waiting up to `timeout` seconds on the server.
    public func updates(offset: Int64?, timeout: Int) async throws -> [[String: Any]] {
        var parameters: [String: Any] = ["timeout": timeout, "allowed_updates": ["message", "callback_query"]]
        if let offset { parameters["offset"] = offset }
        let result = try await call("getUpdates", parameters, timeout: .seconds(Int64(timeout) + 15))
        return result as? [[String: Any]] ?? []
    }
}
