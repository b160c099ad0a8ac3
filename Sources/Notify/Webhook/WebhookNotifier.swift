import Crypto
import Foundation

/// Generic JSON webhook: the notification as JSON (plus its plain text), signed with HMAC-SHA256 so
/// the receiver can check it came from kars-sre and was not replayed:
/// `X-Kars-Timestamp: <unix seconds>` and `X-Kars-Signature: sha256=<hex of HMAC(secret, "<timestamp>.<body>")>`.
public struct WebhookNotifier: Notifier {
    public let name = "webhook"
    public static let signatureHeader = "X-Kars-Signature"
    public static let timestampHeader = "X-Kars-Timestamp"
    let url: SecretValue
    let secret: SecretValue?
    let http: ChannelHTTP
    let now: @Sendable () -> Date

    public init(url: SecretValue, secret: SecretValue?, http: ChannelHTTP? = nil, now: @escaping @Sendable () -> Date = { Date() }) throws {
        guard let parsed = URL(string: url.reveal), parsed.scheme != nil else {
            throw ChannelError.misconfigured(channel: "webhook", problem: "WEBHOOK_URL is not a URL")
        }
        self.url = url
        self.secret = secret
        self.http = http ?? ChannelHTTP(channel: "webhook", url: parsed)
        self.now = now
    }

    public func send(_ notification: IncidentNotification) async throws {
        guard let target = URL(string: url.reveal) else { return }
        let body = try Self.body(notification)
        let timestamp = String(Int64(now().timeIntervalSince1970))
        var headers = [(Self.timestampHeader, timestamp)]
        if let secret {
            headers.append((Self.signatureHeader, Self.signature(secret: secret, timestamp: timestamp, body: body)))
        }
        _ = try await http.post(target, json: body, headers: headers)
    }

    public func shutdown() async { await http.shutdown() }

    /// `{"version":1,"notification":{...},"text":"..."}`.
    public static func body(_ notification: IncidentNotification) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let object = try JSONSerialization.jsonObject(with: encoder.encode(notification))
        let text = TextEscaping.clean(notification.plainText, limit: 8000)
        return try JSONSerialization.data(
            withJSONObject: ["version": 1, "notification": object, "text": text], options: [.sortedKeys])
    }

    /// `sha256=<hex>` of HMAC-SHA256 over `<timestamp>.<body>`.
    public static func signature(secret: SecretValue, timestamp: String, body: Data) -> String {
        var message = Data(timestamp.utf8)
        message.append(UInt8(ascii: "."))
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.reveal.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }
}
