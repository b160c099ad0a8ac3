import Foundation
import Remediation

/// The Telegram side of approvals: a `getUpdates` long-poll loop that handles the Approve and
/// Reject buttons of `TelegramNotifier` messages and the commands `/status`, `/actions`,
/// `/approve ID` and `/reject ID reason`. Only user IDs in the allow list may act; anyone else is
/// refused (and the refusal logged with their numeric ID). Approvals are recorded as
/// `telegram:<user id>`.
public struct TelegramBot: Sendable {
    public let api: TelegramAPI
    public let allowFrom: Set<Int64>
    public let actions: any ActionOperations
    /// The text of `/status` (the watcher's counters).
    public let status: @Sendable () async -> String
    public let log: @Sendable (String) -> Void
    /// Seconds the server holds a getUpdates call open.
    public var pollTimeout: Int

    public init(
        api: TelegramAPI, allowFrom: Set<Int64>, actions: any ActionOperations,
        status: @escaping @Sendable () async -> String = { "running" }, pollTimeout: Int = 30,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.api = api
        self.allowFrom = allowFrom
        self.actions = actions
        self.status = status
        self.pollTimeout = pollTimeout
        self.log = log
    }

    /// Polls until the task is cancelled; API errors back off (1 s doubling to 60 s) and never end the loop.
    public func run() async {
        var offset: Int64?
        var failures = 0
        while !Task.isCancelled {
            do {
                let updates = try await api.updates(offset: offset, timeout: pollTimeout)
                failures = 0
                for update in updates {
                    if let id = ChannelHTTP.number(update["update_id"]) { offset = max(offset ?? 0, Int64(id) + 1) }
                    await handle(update)
                }
            } catch {
                if Task.isCancelled { break }
                failures += 1
                log("telegram: getUpdates failed: \(error)")
                let seconds = min(60.0, pow(2, Double(min(failures - 1, 6))))
                try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
            }
        }
    }

    /// Handles one update (a button press or a message).
    public func handle(_ update: [String: Any]) async {
        if let callback = update["callback_query"] as? [String: Any] {
            await handleCallback(callback)
        } else if let message = update["message"] as? [String: Any] {
            await handleMessage(message)
        }
    }

    static func userID(_ object: [String: Any]?) -> Int64? {
        ChannelHTTP.number((object?["from"] as? [String: Any])?["id"]).map { Int64($0) }
    }

    func identity(_ user: Int64) -> ApproverIdentity {
        // Telegram authenticates the user; the allow list authorises them.
        ApproverIdentity(name: "telegram:\(user)", verified: true)
    }

    func handleCallback(_ callback: [String: Any]) async {
        guard let callbackID = callback["id"] as? String else { return }
        let data = callback["data"] as? String ?? ""
        let parts = data.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["approve", "reject"].contains(parts[0]) else {
            await answer(callbackID, "Unknown button.", alert: false)
            return
        }
        let (verb, name) = (parts[0], parts[1])
        guard let user = Self.userID(callback), allowFrom.contains(user) else {
            log("telegram: refused \(verb) of \(name) from user \(Self.userID(callback).map(String.init) ?? "unknown") (not in TELEGRAM_ALLOW_FROM)")
            await answer(callbackID, "You are not allowed to approve or reject actions.", alert: true)
            return
        }
        do {
            let outcome =
                verb == "approve"
                ? try await actions.approve(name, by: identity(user))
                : try await actions.reject(name, by: identity(user), reason: "rejected in Telegram by telegram:\(user)")
            log("telegram: \(outcome)")
            await answer(callbackID, verb == "approve" ? "Approved \(name)" : "Rejected \(name)", alert: false)
            await markDecided(callback, "\(verb == "approve" ? "✅ Approved" : "❌ Rejected") by telegram:\(user)")
        } catch {
            await answer(callbackID, TextEscaping.clean("\(error)", limit: 190), alert: true)
        }
    }

    /// Rewrites the message the button was on: its text plus who decided, keyboard removed.
    func markDecided(_ callback: [String: Any], _ line: String) async {
        guard let message = callback["message"] as? [String: Any],
            let chat = ChannelHTTP.number((message["chat"] as? [String: Any])?["id"]),
            let messageID = ChannelHTTP.number(message["message_id"])
        else { return }
        let original = TextEscaping.clean(message["text"] as? String ?? "", limit: 3800)
        let text = TextEscaping.telegramHTML(original) + "\n\n<b>\(TextEscaping.telegramHTML(line))</b>"
        do {
            try await api.call(
                "editMessageText",
                ["chat_id": Int64(chat), "message_id": Int64(messageID), "text": text, "parse_mode": "HTML"])
        } catch {
            log("telegram: editMessageText failed: \(error)")
        }
    }

    func answer(_ callbackID: String, _ text: String, alert: Bool) async {
        do {
            try await api.call(
                "answerCallbackQuery", ["callback_query_id": callbackID, "text": text, "show_alert": alert])
        } catch {
            log("telegram: answerCallbackQuery failed: \(error)")
        }
    }

    func handleMessage(_ message: [String: Any]) async {
        guard let text = message["text"] as? String, text.hasPrefix("/"),
            let chat = ChannelHTTP.number((message["chat"] as? [String: Any])?["id"])
        else { return }
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let first = words.first else { return }
        // `/approve@kars_bot` in groups: the command without the bot's name.
        let command = String(first.split(separator: "@").first ?? "").lowercased()
        let known = ["/status", "/actions", "/approve", "/reject", "/help", "/start"]
        guard known.contains(command) else { return }
        guard let user = Self.userID(message), allowFrom.contains(user) else {
            log("telegram: refused \(command) from user \(Self.userID(message).map(String.init) ?? "unknown") (not in TELEGRAM_ALLOW_FROM)")
            await reply(Int64(chat), "You are not allowed to use this bot.")
            return
        }
        let arguments = Array(words.dropFirst())
        let answer: String
        switch command {
        case "/status":
            answer = await status()
        case "/actions":
            answer = await listActions()
        case "/approve":
            guard let name = arguments.first else {
                answer = "Usage: /approve ID"
                break
            }
            answer = await run { try await actions.approve(name, by: identity(user)) }
        case "/reject":
            guard let name = arguments.first, arguments.count >= 2 else {
                answer = "Usage: /reject ID reason"
                break
            }
            let reason = arguments.dropFirst().joined(separator: " ")
            answer = await run { try await actions.reject(name, by: identity(user), reason: reason) }
        default:
            answer = "Commands: /status, /actions, /approve ID, /reject ID reason"
        }
        if command == "/approve" || command == "/reject" { log("telegram: \(answer) (user \(user))") }
        await reply(Int64(chat), answer)
    }

    func run(_ body: () async throws -> String) async -> String {
        do { return try await body() } catch { return "Failed: \(error)" }
    }

    func listActions() async -> String {
        do {
            let open = try await actions.openActions()
            guard !open.isEmpty else { return "No open actions." }
            return open.prefix(20).map { "\($0.name)  \($0.phase)/\($0.approval)  \($0.type) \($0.target)" }
                .joined(separator: "\n")
        } catch {
            return "Failed to list actions: \(error)"
        }
    }

    func reply(_ chat: Int64, _ text: String) async {
        do {
            try await api.call(
                "sendMessage",
                ["chat_id": chat, "text": TextEscaping.telegramHTML(TextEscaping.clean(text, limit: 4000)), "parse_mode": "HTML"])
        } catch {
            log("telegram: reply failed: \(error)")
        }
    }
}
