import AsyncHTTPClient
import Foundation

/// Chooses the proxy for the API server the way kubectl (Go's net/http) does: the cluster's
/// `proxy-url` wins; otherwise HTTPS_PROXY (or HTTP_PROXY for http servers) unless NO_PROXY
/// matches the host, and never for localhost/loopback.
enum ProxySettings {
    static func resolve(proxyURL: String?, server: URLComponents, environment: [String: String]) throws
        -> HTTPClient.Configuration.Proxy?
    {
        if let proxyURL, !proxyURL.isEmpty { return try make(proxyURL) }
        guard let host = server.host?.lowercased() else { return nil }
        let secure = server.scheme?.lowercased() == "https"
        func variable(_ name: String) -> String? {
            let value = environment[name] ?? environment[name.lowercased()]
            return value?.isEmpty == false ? value : nil
        }
        guard let proxy = secure ? variable("HTTPS_PROXY") : variable("HTTP_PROXY") else { return nil }
        if isLoopback(host) { return nil }
        if let noProxy = variable("NO_PROXY"), matches(noProxy: noProxy, host: host, port: server.port) { return nil }
        return try make(proxy)
    }

    static func make(_ text: String) throws -> HTTPClient.Configuration.Proxy {
        let normalized = text.contains("://") ? text : "http://\(text)"
        guard let url = URLComponents(string: normalized), let host = url.host, !host.isEmpty else {
            throw KubeConfigError.invalidField(
                file: "proxy", field: "proxy-url", problem: "\"\(redactedURL(text))\" is not a URL")
        }
        switch url.scheme?.lowercased() {
        case "http", "https":
            var authorization: HTTPClient.Authorization?
            if let user = url.user {
                authorization = .basic(
                    username: user.removingPercentEncoding ?? user,
                    password: url.password?.removingPercentEncoding ?? "")
            }
            return .server(
                host: host, port: url.port ?? (url.scheme == "https" ? 443 : 80), authorization: authorization)
        case "socks5", "socks5h":
            return .socksServer(host: host, port: url.port ?? 1080)
        default:
            throw KubeConfigError.invalidField(
                file: "proxy", field: "proxy-url", problem: "unsupported proxy scheme in \"\(redactedURL(text))\"")
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return bare == "localhost" || bare.hasSuffix(".localhost") || bare.hasPrefix("127.") || bare == "::1"
    }

    /// Go's NO_PROXY semantics: `*`, exact hosts, domain suffixes (`example.com` and
    /// `.example.com`), IPs, CIDRs, optional `:port`.
    static func matches(noProxy: String, host: String, port: Int?) -> Bool {
        for rawEntry in noProxy.split(separator: ",") {
            var entry = rawEntry.trimmingCharacters(in: .whitespaces).lowercased()
            if entry.isEmpty { continue }
            if entry == "*" { return true }
            if entry.contains("/") {
                if cidrContains(entry, host: host) { return true }
                continue
            }
            if let colon = entry.lastIndex(of: ":"), !entry.contains("]"), entry.filter({ $0 == ":" }).count == 1 {
                let entryPort = Int(entry[entry.index(after: colon)...])
                entry = String(entry[..<colon])
                if let entryPort, entryPort != port { continue }
            }
            entry = entry.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            if entry.hasPrefix("*.") { entry.removeFirst() }
            if entry.hasPrefix(".") {
                if host.hasSuffix(entry) { return true }
            } else if host == entry || host.hasSuffix("." + entry) {
                return true
            }
        }
        return false
    }

    private static func ipv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard let byte = UInt8(part) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }

    private static func cidrContains(_ cidr: String, host: String) -> Bool {
        let pieces = cidr.split(separator: "/")
        guard pieces.count == 2, let network = ipv4(String(pieces[0])), let bits = Int(pieces[1]),
            (0...32).contains(bits),
            let address = ipv4(host)
        else { return false }
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
        return network & mask == address & mask
    }

    /// A proxy URL with any password removed, for messages.
    static func redactedURL(_ text: String) -> String {
        guard var url = URLComponents(string: text), url.password != nil else { return text }
        url.password = "redacted"
        return url.string ?? "<proxy>"
    }
}
