import Foundation

/// Telegram channel: `sendMessage` to one chat with `parse_mode: HTML` (cluster text escaped) and,
/// when the incident has an action, an inline keyboard with Approve and Reject buttons whose
/// callbacks the `TelegramBot` handles.
public struct TelegramNotifier: Notifier {
    public let name = "telegram"
    public let api: TelegramAPI
    public let chatID: String

    /// Telegram's limit on a message's text.
    static let maxText = 4096

    public init(api: TelegramAPI, chatID: String) {
        self.api = api
        self.chatID = chatID
    }

    public func send(_ notification: IncidentNotification) async throws {
        try await api.call("sendMessage", Self.parameters(notification, chatID: chatID))
    }

    public func shutdown() async { await api.http.shutdown() }

    /// The sendMessage parameters (exposed for tests).
    public static func parameters(_ notification: IncidentNotification, chatID: String) -> [String: Any] {
        var parameters: [String: Any] = [
            "chat_id": Int64(chatID) as Any? ?? chatID, "text": html(notification), "parse_mode": "HTML",
            "link_preview_options": ["is_disabled": true],
        ]
        if let keyboard = keyboard(notification) { parameters["reply_markup"] = keyboard }
        return parameters
    }

    static func keyboard(_ notification: IncidentNotification) -> [String: Any]? {
        guard let name = notification.approval?.actionName else { return nil }
        let approve = "approve:\(name)"
        let reject = "reject:\(name)"
        // callback_data is limited to 64 bytes.
        guard approve.utf8.count <= 64, reject.utf8.count <= 64 else { return nil }
        return [
            "inline_keyboard": [[
                ["text": "✅ Approve", "callback_data": approve], ["text": "❌ Reject", "callback_data": reject],
            ]]
        ]
    }

    /// The message as Telegram HTML, within the 4096-character limit (evidence is cut first).
    static func html(_ notification: IncidentNotification) -> String {
        func render(_ evidenceLimit: Int) -> String {
            var copy = notification
            if copy.evidence.count > evidenceLimit {
                let dropped = copy.evidence.count - evidenceLimit
                copy.evidence = Array(copy.evidence.prefix(evidenceLimit)) + ["(\(dropped) more lines)"]
            }
            var lines: [String] = []
            let marker = ["critical": "🔴", "warning": "🟠", "info": "🔵"][copy.severity] ?? "📋"
            let severity = copy.severity.isEmpty ? "" : " <b>\(TextEscaping.telegramHTML(copy.severity.uppercased()))</b>"
            lines.append("\(marker)\(severity) <b>\(TextEscaping.telegramHTML(TextEscaping.clean(copy.title, limit: 300)))</b>")
            for section in copy.sections {
                let text = TextEscaping.telegramHTML(TextEscaping.clean(section.text, limit: 1500))
                lines.append("<b>\(section.label):</b> \(text)")
            }
            return lines.joined(separator: "\n")
        }
        for limit in [10, 5, 2, 0] {
            let text = render(limit)
            if text.count <= maxText { return text }
        }
        return String(render(0).prefix(maxText))
    }
}
