import AsyncHTTPClient
import Foundation

/// A cookie jar over the harness's HTTP client, behaving like one browser: it keeps the cookies
/// the console sets and reads the CSRF token from a page's meta tag.
final class BrowserSession: @unchecked Sendable {
    let harness: ConsoleHarness
    private(set) var cookies: [String: String] = [:]
    private(set) var csrf: String?
    var bearer: String?

    init(_ harness: ConsoleHarness, bearer: String? = nil) {
        self.harness = harness
        self.bearer = bearer
    }

    var cookieHeader: [(String, String)] {
        var headers: [(String, String)] = []
        if !cookies.isEmpty { headers.append(("Cookie", cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))) }
        if let bearer { headers.append(("Authorization", "Bearer \(bearer)")) }
        return headers
    }

    func remember(_ reply: ConsoleHarness.Reply) {
        for line in reply.header("set-cookie") {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            let name = String(pair[0]).trimmingCharacters(in: .whitespaces)
            let value = String(pair[1])
            if value.isEmpty || line.lowercased().contains("max-age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        if let range = reply.body.range(of: "<meta name=\"csrf-token\" content=\"") {
            let rest = reply.body[range.upperBound...]
            if let end = rest.firstIndex(of: "\"") { csrf = String(rest[..<end]) }
        }
    }

    @discardableResult
    func get(_ path: String, extra: [(String, String)] = []) async throws -> ConsoleHarness.Reply {
        let reply = try await harness.get(path, headers: cookieHeader + extra)
        remember(reply)
        return reply
    }

    @discardableResult
    func post(_ path: String, form: [String: String], extra: [(String, String)] = []) async throws -> ConsoleHarness.Reply {
        let body = form.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        let reply = try await harness.request(path, method: "POST", headers: cookieHeader + extra, body: body)
        remember(reply)
        return reply
    }

    /// Posts a decision as the page's script does (JSON answer, CSRF header).
    func decide(_ id: String, _ verb: String, reason: String? = nil) async throws -> ConsoleHarness.Reply {
        var form = ["csrf": csrf ?? ""]
        if let reason { form["reason"] = reason }
        return try await post("/actions/\(id)/\(verb)", form: form, extra: [("Accept", "application/json")])
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
