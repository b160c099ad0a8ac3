import AsyncHTTPClient
import Foundation

/// Picks the HTTP proxy for a channel URL from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case),
/// as curl and Go do: none for loopback hosts or hosts NO_PROXY lists (exact, domain suffix, `*`).
enum ProxyChoice {
    static func proxy(for url: URL, environment: [String: String]) -> HTTPClient.Configuration.Proxy? {
        guard let host = url.host?.lowercased() else { return nil }
        func variable(_ name: String) -> String? {
            let value = environment[name] ?? environment[name.lowercased()]
            return value?.isEmpty == false ? value : nil
        }
        let secure = url.scheme?.lowercased() == "https"
        guard let proxy = secure ? variable("HTTPS_PROXY") : variable("HTTP_PROXY") else { return nil }
        if host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]" { return nil }
        if let noProxy = variable("NO_PROXY"), excluded(host: host, noProxy: noProxy) { return nil }
        let text = proxy.contains("://") ? proxy : "http://\(proxy)"
        guard let components = URLComponents(string: text), let proxyHost = components.host else { return nil }
        var authorization: HTTPClient.Authorization?
        if let user = components.user {
            authorization = .basic(
                username: user.removingPercentEncoding ?? user, password: components.password?.removingPercentEncoding ?? "")
        }
        return .server(host: proxyHost, port: components.port ?? 80, authorization: authorization)
    }

    static func excluded(host: String, noProxy: String) -> Bool {
        for raw in noProxy.split(separator: ",") {
            var entry = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if entry.isEmpty { continue }
            if entry == "*" { return true }
            if let colon = entry.lastIndex(of: ":"), entry.filter({ $0 == ":" }).count == 1 {
                entry = String(entry[..<colon])
            }
            if entry.hasPrefix("*.") { entry.removeFirst() }
            if entry.hasPrefix(".") ? host.hasSuffix(entry) : (host == entry || host.hasSuffix("." + entry)) {
                return true
            }
        }
        return false
    }
}
