import Foundation

/// The chat page, the sign-in page and error pages.
enum OtherPages {
    static func chat(model: String?) -> String {
        guard let model else {
            return """
                <h1>Chat</h1>
                <section class="panel"><h2>No model configured</h2>
                <p>The chat talks to the kars-sre agent, which answers with the same read-only tools as the CLI
                (diagnose, describe, events, logs) and can only <em>propose</em> actions that still need approval here.</p>
                <p>To enable it, give <code>kars-sre serve</code> an OpenAI-compatible or Azure OpenAI endpoint:</p>
                <pre><code>\(Self.setup)</code></pre>
                <p>The key is read from a file and never shown, logged or sent anywhere but the model endpoint.</p>
                </section>
                """
        }
        return """
            <h1>Chat</h1>
            <section class="panel"><h2>Agent</h2>
            <p>Model: <code>\(HTML.escape(model))</code>. The agent answers with read-only tools; proposals it makes appear
            under Pending approval on the console.</p>
            <p class="muted">The conversation endpoint is served by the agent component when it is linked into this build.</p>
            </section>
            """
    }

    static let setup = [
        "export KARS_SRE_LLM_ENDPOINT=https://YOUR-RESOURCE.openai.azure.com",
        "export KARS_SRE_LLM_MODEL=gpt-4o",
        "export KARS_SRE_LLM_API_KEY_FILE=/var/run/secrets/kars-sre/llm-key",
        "kars-sre serve",
    ].joined(separator: "\n")

    static func login(error: String?, csrf: String) -> String {
        var html = "<h1>Sign in</h1><section class=\"panel\">"
        if let error { html += "<p class=\"flash bad\" role=\"alert\">\(HTML.escape(error))</p>" }
        html += """
            <p>Paste a Kubernetes bearer token (for example from <code>kubectl create token NAME -n NAMESPACE</code>).
            It is checked with a TokenReview; approving needs <code>patch karssreactions</code> in the actions namespace.</p>
            <form method="post" action="/login">
            \(Layout.csrfField(csrf))
            <label for="token">Token</label>
            <input id="token" name="token" type="password" autocomplete="off" required>
            <button type="submit">Sign in</button>
            </form></section>
            """
        return html
    }

    static func error(title: String, message: String, back: String = "/") -> String {
        "<h1>\(HTML.escape(title))</h1><section class=\"panel\"><p role=\"alert\">\(HTML.escape(message))</p><p><a href=\"\(HTML.escape(back))\">Back</a></p></section>"
    }
}
