import Foundation
import Testing

@testable import KubeAPI

@Suite("proxy selection")
struct ProxySelectionTests {
    private func proxy(_ server: String, proxyURL: String? = nil, _ environment: [String: String]) throws -> String? {
        let components = try #require(URLComponents(string: server))
        guard let proxy = try ProxySettings.resolve(proxyURL: proxyURL, server: components, environment: environment)
        else { return nil }
        return "\(proxy.host):\(proxy.port)"
    }

    @Test func clusterProxyURLWins() throws {
        let environment = ["HTTPS_PROXY": "http://corp-proxy:3128"]
        #expect(
            try proxy("https://k.example", proxyURL: "http://cluster-proxy:8080", environment) == "cluster-proxy:8080")
        #expect(
            try proxy("https://127.0.0.1:6443", proxyURL: "socks5://localhost:1080", environment) == "localhost:1080")
    }

    @Test func environmentProxyHonoursNoProxy() throws {
        let environment = [
            "HTTPS_PROXY": "http://user:pa55@corp-proxy:3128",
            "NO_PROXY": "internal.example, .svc.cluster.local,10.0.0.0/8,192.168.1.5:6443",
        ]
        #expect(try proxy("https://aks.hcp.westeurope.azmk8s.io:443", environment) == "corp-proxy:3128")
        #expect(try proxy("https://internal.example", environment) == nil)
        #expect(try proxy("https://api.internal.example", environment) == nil, "a domain matches its subdomains")
        #expect(try proxy("https://kubernetes.default.svc.cluster.local", environment) == nil)
        #expect(try proxy("https://10.96.0.1:443", environment) == nil, "CIDR")
        #expect(try proxy("https://192.168.1.5:6443", environment) == nil)
        #expect(try proxy("https://192.168.1.5:443", environment) == "corp-proxy:3128", "port must match")
        #expect(try proxy("https://127.0.0.1:6443", environment) == nil, "loopback is never proxied")
        #expect(try proxy("https://localhost:6443", environment) == nil)
        #expect(try proxy("https://k.example", ["https_proxy": "corp:8080", "no_proxy": "*"]) == nil)
        #expect(try proxy("https://k.example", ["https_proxy": "corp:8080"]) == "corp:8080")
        #expect(
            try proxy("https://k.example", ["HTTP_PROXY": "http://plain:80"]) == nil, "HTTP_PROXY is for http servers")
        #expect(try proxy("http://k.example", ["HTTP_PROXY": "http://plain:80"]) == "plain:80")
    }

    @Test func proxyPasswordsAreRedacted() {
        #expect(ProxySettings.redactedURL("http://user:pa55@corp:3128") == "http://user:redacted@corp:3128")
        let config = KubeClientConfig(server: "https://k.example", proxyURL: "http://user:pa55@corp:3128")
        #expect(!config.description.contains("pa55"))
    }
}
