import Foundation
import Hummingbird

/// What the console reads from a request: credentials, the CSRF cookie, what the client accepts.
struct RequestFacts: Sendable {
    static let tokenCookie = "kars_token"

    var token: String?
    /// True when the token came from the Authorization header (not an ambient cookie).
    var tokenFromHeader: Bool
    var csrfCookie: String?
    var hasCookies: Bool
    var wantsJSON: Bool
    var origin: String?
    var host: String?
    var headerCSRF: String?
    /// `Sec-Fetch-Site` of browsers that send it (`same-origin`, `same-site`, `cross-site`, `none`).
    var fetchSite: String?

    init(_ request: Request) {
        let authorization = request.headers[.authorization] ?? ""
        if authorization.lowercased().hasPrefix("bearer ") {
            token = String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            tokenFromHeader = true
        } else {
            token = request.cookies[Self.tokenCookie]?.value
            tokenFromHeader = false
        }
        csrfCookie = request.cookies[CSRFGuard.cookieName]?.value
        hasCookies = request.headers[.cookie] != nil
        wantsJSON = (request.headers[.accept] ?? "").contains("application/json") || request.uri.path.hasPrefix("/api/")
        origin = request.headers[.origin]
        host = request.head.authority
        fetchSite = request.headers.first { $0.name.canonicalName == "sec-fetch-site" }?.value
        headerCSRF = request.headers.first { $0.name.canonicalName == CSRFGuard.headerName.lowercased() }?.value
    }

    /// A cross-site request announces itself with `Sec-Fetch-Site` (modern browsers) or with an
    /// Origin other than this host.
    var isCrossOrigin: Bool {
        if let fetchSite { return !["same-origin", "none"].contains(fetchSite.lowercased()) }
        guard let origin, origin != "null" else { return origin == "null" }
        guard let host, let url = URL(string: origin), let originHost = url.host else { return true }
        let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
        return originAuthority.lowercased() != host.lowercased()
    }
}

/// `application/x-www-form-urlencoded` bodies.
enum FormBody {
    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard let key = parts.first else { continue }
            fields[decode(key)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
