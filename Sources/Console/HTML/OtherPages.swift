import Foundation

/// The chat page, the sign-in page and error pages.
enum OtherPages {
    /// The chat page without a model: what the chat is and how to configure one.
    static func chat(namedModel: String?) -> String {
        let named = namedModel.map {
            "<p class=\"flash bad\">A model is named (<code>\(HTML.escape($0))</code>) but no endpoint is configured.</p>"
        } ?? ""
        return """
        <h1>Chat</h1>
        <section class="panel"><h2>No model configured</h2>\(named)
        <p>The chat talks to the kars-sre agent, which answers with the same read-only tools as <code>kars-sre talk</code>
        (diagnose, describe, what changed, events, logs), under the same tool policy, daily token budget and audit log,
        and can only <em>propose</em> actions, which still need approval here.</p>
        <p>To enable it, give <code>kars-sre serve</code> an OpenAI-compatible endpoint with tool calling:</p>
        <pre><code>\(HTML.escape(Self.openAISetup))</code></pre>
        <p>or an Azure OpenAI deployment:</p>
        <pre><code>\(HTML.escape(Self.azureSetup))</code></pre>
        <p>The same settings exist as flags (<code>--llm-endpoint</code>, <code>--llm-model</code>, <code>--llm-provider</code>,
        <code>--token-budget</code>, <code>--policy</code>) and in <code>~/.kars-sre/config.yaml</code>. The key is sent only to
        the model endpoint: never shown, logged or written to the audit log.</p>
        </section>
        """
    }

    static let openAISetup = [
        "export KARS_SRE_LLM_ENDPOINT=https://api.openai.com/v1   # or http://localhost:11434/v1 (Ollama), vLLM, llama.cpp",
        "export KARS_SRE_LLM_API_KEY=...",
        "export KARS_SRE_LLM_MODEL=gpt-5.4",
        "kars-sre serve",
    ].joined(separator: "\n")

    static let azureSetup = [
        "export KARS_SRE_LLM_PROVIDER=azure",
        "export KARS_SRE_LLM_ENDPOINT=https://NAME.openai.azure.com",
        "export KARS_SRE_LLM_DEPLOYMENT=gpt-5.4",
        "export KARS_SRE_LLM_API_KEY=...        # or KARS_SRE_LLM_TOKEN=<Entra ID bearer token>",
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
