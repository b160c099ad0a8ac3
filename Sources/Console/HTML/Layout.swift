import Foundation

/// The page frame shared by every page: header with navigation, the live status line, the
/// stylesheet (light and dark) and the small live-update script.
enum Layout {
    static func page(
        title: String, active: String, body: String, user: String?, stream: String?, needsLogin: Bool, csrf: String
    ) -> String {
        let nav = [("/", "Console", "console"), ("/chat", "Chat", "chat")].map { href, label, key in
            "<a href=\"\(href)\"\(key == active ? " aria-current=\"page\"" : "")>\(label)</a>"
        }.joined()
        var who = ""
        if let user {
            who = "<span class=\"who\">Signed in as <strong>\(HTML.escape(user))</strong></span>"
            if needsLogin {
                who += "<form method=\"post\" action=\"/logout\" class=\"inline\">\(csrfField(csrf))<button type=\"submit\" class=\"link\">Sign out</button></form>"
            }
        } else if needsLogin {
            who = "<a href=\"/login\">Sign in</a>"
        }
        let streamAttribute = stream.map { " data-stream=\"\(HTML.escape($0))\"" } ?? ""
        return """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <meta name="csrf-token" content="\(HTML.escape(csrf))">
            <title>\(HTML.escape(title)) · kars-sre</title>
            <link rel="stylesheet" href="/static/console.css">
            </head>
            <body\(streamAttribute)>
            <a class="skip" href="#main">Skip to content</a>
            <header class="top">
            <span class="brand">kars-sre</span>
            <nav aria-label="Main">\(nav)</nav>
            <span id="live-status" class="live" role="status" aria-live="polite">\(stream == nil ? "" : "Static page: reload to refresh")</span>
            \(who)
            </header>
            <main id="main" tabindex="-1">
            <div id="notice" role="status" aria-live="polite" class="notice" hidden></div>
            \(body)
            </main>
            <footer class="foot">kars-sre console · all cluster text is shown as data, never interpreted</footer>
            <script src="/static/console.js" defer></script>
            </body>
            </html>
            """
    }

    static func csrfField(_ token: String) -> String {
        "<input type=\"hidden\" name=\"\(CSRFGuard.fieldName)\" value=\"\(HTML.escape(token))\">"
    }
}
