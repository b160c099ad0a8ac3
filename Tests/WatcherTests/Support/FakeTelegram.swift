import Foundation
import Synchronization
import TestSupport

/// A local stand-in for the Telegram Bot API speaking its documented shapes: `POST
/// /bot<token>/<method>` with a JSON body, answers `{"ok":true,"result":...}`. `getUpdates`
/// returns the queued updates after `offset` (holding briefly when there are none, like a long
/// poll); sendMessage, answerCallbackQuery and editMessageText are recorded.
final class FakeTelegram: Sendable {
    let token: String
    private let calls = Mutex<[(method: String, body: [String: JSONBox])]>([])
    private let updates = Mutex<[JSONBox]>([])
    private let nextMessageID = Mutex(100)
    private let holder = Mutex<TestHTTPSServer?>(nil)
    var server: TestHTTPSServer { holder.withLock { $0! } }

    /// A Sendable wrapper for JSONSerialization values.
    struct JSONBox: @unchecked Sendable {
        let value: Any
    }

    init(token: String) async throws {
        self.token = token
        let box = WeakBox()
        let started = try await TestHTTPSServer.start(pki: nil) { request in
            guard let fake = box.fake else { return .json(503, #"{"ok":false}"#) }
            return await fake.answer(request)
        }
        holder.withLock { $0 = started }
        box.fake = self
    }

    var baseURL: URL { URL(string: server.url)! }

    func answer(_ request: TestHTTPRequest) async -> TestHTTPResponse {
        let prefix = "/bot\(token)/"
        guard request.path.hasPrefix(prefix) else {
            return .json(404, #"{"ok":false,"error_code":404,"description":"Not Found"}"#)
        }
        let method = String(request.path.dropFirst(prefix.count))
        let body = ((try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any]) ?? [:]
        calls.withLock { $0.append((method, body.mapValues(JSONBox.init))) }
        switch method {
        case "getUpdates":
            let offset = (body["offset"] as? NSNumber)?.int64Value ?? 0
            let pending = updates.withLock { list in
                list.filter { (($0.value as? [String: Any])?["update_id"] as? Int64 ?? 0) >= offset }.map(\.value)
            }
            if pending.isEmpty { try? await Task.sleep(for: .milliseconds(100)) }
            return Self.ok(pending)
        case "sendMessage":
            let id = nextMessageID.withLock { value -> Int in
                value += 1
                return value
            }
            return Self.ok(["message_id": id, "chat": ["id": body["chat_id"] ?? 0], "date": 0, "text": body["text"] ?? ""])
        case "answerCallbackQuery":
            return Self.ok(true)
        case "editMessageText":
            return Self.ok(["message_id": body["message_id"] ?? 0])
        default:
            return .json(404, #"{"ok":false,"error_code":404,"description":"Not Found: method not found"}"#)
        }
    }

    static func ok(_ result: Any) -> TestHTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: ["ok": true, "result": result])) ?? Data()
        return .json(200, String(decoding: data, as: UTF8.self))
    }

    /// Queues a button press on a message the bot sent.
    func press(_ data: String, by user: Int64, updateID: Int64, messageID: Int = 101, chat: Int64 = -1001) {
        let update: [String: Any] = [
            "update_id": updateID,
            "callback_query": [
                "id": "cb\(updateID)", "from": ["id": user, "is_bot": false, "first_name": "U"], "data": data,
                "chat_instance": "1",
                "message": ["message_id": messageID, "chat": ["id": chat, "type": "group"], "date": 0, "text": "QuotaExceeded: ..."],
            ],
        ]
        updates.withLock { $0.append(JSONBox(value: update)) }
    }

    /// The bodies of every call of `method`, in order.
    func bodies(_ method: String) -> [[String: Any]] {
        calls.withLock { list in list.filter { $0.method == method }.map { $0.body.mapValues(\.value) } }
    }

    func shutdown() async { await server.shutdown() }
}

/// Lets the server's handler reach the fake without a retain cycle.
private final class WeakBox: @unchecked Sendable {
    weak var fake: FakeTelegram?
}
