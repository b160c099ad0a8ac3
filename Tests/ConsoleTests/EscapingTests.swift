import Console
import Foundation
import KubeModels
import Testing

@testable import KubeSim

/// Cluster text is data: hostile Event messages and action text render escaped in pages and in
/// the live stream, never as markup.
@Suite("Console: escaping of cluster text")
struct EscapingTests {
    static let hostile = "<script>alert('pwned')</script><img src=x onerror=\"fetch('/x')\"> \u{202E}evil"

    @Test func hostileEventAndActionTextIsEscapedEverywhere() async throws {
        let harness = try await ConsoleHarness.start()
        try await harness.sim.store.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "shop"]])
        try await harness.sim.store.seed(
            ActionFixtures.event(namespace: "shop", name: "web-1", reason: "FailedMount", message: Self.hostile))
        try await harness.sim.store.seed(
            ActionFixtures.action(name: "deleteresourcequota-xss", summary: Self.hostile, rationale: Self.hostile))
        let stream = try await EventStreamReader.open(harness)
        let sections = await stream.next {
            ($0["incidents"] ?? "").contains("FailedMount") && ($0["pending"] ?? "").contains("deleteresourcequota-xss")
        }
        let live = try #require(sections)
        for html in live.values {
            #expect(!html.contains("<script>"))
            #expect(!html.contains("<img"))
            #expect(!html.contains("\u{202E}"))
        }
        #expect(live["incidents"]?.contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;") == true)

        for path in ["/", "/actions/deleteresourcequota-xss"] {
            let page = try await harness.get(path)
            #expect(page.status == 200)
            #expect(!page.body.contains("<script>alert"), "\(path)")
            #expect(!page.body.contains("<img src=x"), "\(path)")
            #expect(page.body.contains("&lt;img src=x onerror=&quot;fetch(&#39;/x&#39;)&quot;&gt;"), "\(path)")
            #expect(page.header("content-security-policy").first?.contains("script-src 'self'") == true)
            #expect(page.header("x-content-type-options") == ["nosniff"])
        }
        // The JSON API returns the text as JSON strings (escaped by JSON, not interpreted).
        let incidents = try await harness.get("/api/incidents")
        #expect(incidents.header("content-type").first?.hasPrefix("application/json") == true)
        #expect(incidents.json["incidents"]?.arrayValue?.first?["message"]?.stringValue == Self.hostile)
        stream.close()
        await harness.stop()
    }

    @Test func escapeHandlesMarkupQuotesAndControls() {
        #expect(HTML.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(HTML.escape("ok\u{1B}[31m\u{0}") == "ok\u{FFFD}[31m\u{FFFD}")
        #expect(HTML.escape("a\u{2066}b") == "a\u{FFFD}b")
        #expect(HTML.escape("line\nnext\ttab") == "line\nnext\ttab")
        #expect(HTML.pathSegment("a/b?c") == "a%2Fb%3Fc")
    }
}
