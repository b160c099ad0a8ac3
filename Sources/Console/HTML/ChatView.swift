import Agent
import Foundation

/// The chat page with a configured model: the conversation (each question, the tool calls as
/// steps with the policy's decision, the answer), the question form, the token budget and the
/// tools offered. Every piece of text — questions, answers, tool action strings, policy reasons —
/// is escaped: answers quote cluster text, and cluster text is data.
enum ChatView {
    static func body(
        chat: ConsoleChat, turns: [ChatTurn], budget: ChatBudget, csrf: String, canAsk: Bool, refusal: String?,
        maxQuestionLength: Int
    ) -> String {
        var html = "<h1>Chat</h1>"
        html +=
            "<p class=\"muted\">The kars-sre agent on <code>\(HTML.escape(chat.model))</code> answers from the cluster with "
        html += "read-only tools; every tool call is checked by the tool policy and written to the audit log. It can "
        html +=
            "<em>propose</em> a fix, which then waits under Pending approval on the console: it cannot approve or execute.</p>"
        html += "<div class=\"chat-layout\">"
        html += "<section class=\"panel chat\" aria-labelledby=\"conversation-title\">"
        html += "<h2 id=\"conversation-title\">Conversation</h2>"
        html += "<ol id=\"chat-turns\" class=\"turns\">"
        html += turns.map(turn).joined()
        html += "</ol>"
        if turns.isEmpty {
            html +=
                "<p id=\"chat-empty\" class=\"empty\">No question yet. Try “what is broken right now?” or “why is research down in kars-research?”.</p>"
        }
        html += form(
            csrf: csrf, canAsk: canAsk, refusal: refusal, maxQuestionLength: maxQuestionLength, hasTurns: !turns.isEmpty
        )
        html += "</section>"
        html += "<aside class=\"panel agent\" aria-labelledby=\"agent-title\"><h2 id=\"agent-title\">Agent</h2>"
        html += "<div id=\"chat-budget\">\(budgetHTML(budget))</div>"
        html += "<h3>Tools offered</h3><ul class=\"tools\">"
        for tool in chat.tools {
            html +=
                "<li><code>\(HTML.escape(tool.name))</code>\(tool.readOnly ? "" : " <span class=\"badge\">proposes only</span>")</li>"
        }
        html += "</ul>"
        if !chat.withheld.isEmpty {
            html += "<h3>Withheld</h3><ul class=\"tools\">"
            for (name, reason) in chat.withheld {
                html += "<li><code>\(HTML.escape(name))</code>: \(HTML.escape(reason))</li>"
            }
            html += "</ul>"
        }
        html += "<p class=\"muted\">Approving, rejecting and executing are never offered to the agent here.</p>"
        html += "</aside></div>"
        html += "<script src=\"/static/chat.js\" defer></script>"
        return html
    }

    static func form(csrf: String, canAsk: Bool, refusal: String?, maxQuestionLength: Int, hasTurns: Bool) -> String {
        let disabled = canAsk ? "" : " disabled"
        var html = "<form method=\"post\" action=\"/chat\" class=\"ask\" data-chat>"
        html += Layout.csrfField(csrf)
        html += "<label for=\"question\">Your question</label>"
        html += "<textarea id=\"question\" name=\"question\" rows=\"3\" maxlength=\"\(maxQuestionLength)\" required"
        html +=
            " placeholder=\"why is research down in kars-research?\" aria-describedby=\"ask-hint\"\(disabled)></textarea>"
        html += "<div class=\"ask-actions\"><button type=\"submit\" class=\"primary\"\(disabled)>Ask</button>"
        html +=
            "<span id=\"ask-hint\" class=\"muted\">Ctrl+Enter sends. The answer streams in; without JavaScript the page reloads with it.</span>"
        html += "<span id=\"chat-status\" class=\"live\" role=\"status\" aria-live=\"polite\"></span></div>"
        if let refusal { html += "<p class=\"flash bad\" role=\"alert\">\(HTML.escape(refusal))</p>" }
        html += "</form>"
        if hasTurns && canAsk {
            html += "<form method=\"post\" action=\"/chat/reset\" class=\"reset\">\(Layout.csrfField(csrf))"
            html += "<button type=\"submit\" class=\"link\">Start a new conversation</button></form>"
        }
        return html
    }

    /// One turn as an `<li>` (also sent whole when a streamed turn ends).
    static func turn(_ turn: ChatTurn) -> String {
        var html =
            "<li class=\"turn\(turn.error == nil ? "" : " failed")\" id=\"turn-\(turn.number)\" data-turn=\"\(turn.number)\""
        html += turn.finished ? ">" : " data-running>"
        html += "<div class=\"question\"><span class=\"speaker\">You</span><p>\(HTML.escape(turn.question))</p></div>"
        html += "<ol class=\"steps\" aria-label=\"Tool calls\">\(turn.steps.map(step).joined())</ol>"
        html += "<div class=\"answer\"><span class=\"speaker\">kars-sre</span>"
        if turn.finished {
            if !turn.answer.isEmpty { html += "<div class=\"answer-text\">\(HTML.escape(turn.answer))</div>" }
            if let error = turn.error { html += "<p class=\"flash bad\" role=\"alert\">\(HTML.escape(error))</p>" }
        } else {
            html +=
                "<div class=\"answer-text\">\(HTML.escape(turn.answer))</div><p class=\"muted\">Still answering: reload to see the rest.</p>"
        }
        html += "</div>"
        if let usage = turn.usage {
            let calls = turn.modelCalls.map { " · \($0) model call\($0 == 1 ? "" : "s")" } ?? ""
            html +=
                "<p class=\"turn-meta muted\">\(GroupedNumber.format(usage.total)) tokens\(calls) · \(turn.steps.count) tool call\(turn.steps.count == 1 ? "" : "s")</p>"
        }
        return html + "</li>"
    }

    /// One tool call: the action string, the policy's decision, the result size.
    static func step(_ step: ChatStep) -> String {
        let tone: String
        let verdict: String
        switch step.decision {
        case "allow":
            tone = step.isError ? "bad" : "ok"
            verdict = step.isError ? "allowed, failed" : "allowed"
        case "deny":
            tone = "bad"
            verdict = "denied"
        default:
            tone = "bad"
            verdict = "error"
        }
        var html = "<li class=\"step step-\(HTML.escape(step.decision))\"><code>\(HTML.escape(step.action))</code> "
        html += "<span class=\"badge \(tone)\">\(verdict)</span>"
        if let policy = step.policy { html += " <span class=\"muted\">by \(HTML.escape(policy))</span>" }
        if step.decision == "allow" && !step.isError {
            html += " <span class=\"muted\">· \(GroupedNumber.format(step.resultBytes)) bytes read</span>"
        } else if let reason = step.reason, step.decision == "deny" {
            html += "<div class=\"muted\">\(HTML.escape(reason))</div>"
        }
        return html + "</li>"
    }

    static func budgetHTML(_ budget: ChatBudget) -> String {
        let formatter = ISO8601DateFormatter()
        let spent = budget.remaining == 0
        return
            "<p class=\"budget\(spent ? " bad" : "")\"><span class=\"label\">Tokens today</span> \(GroupedNumber.format(budget.used)) of "
            + "\(GroupedNumber.format(budget.limit)) · \(GroupedNumber.format(budget.remaining)) left · resets "
            + "<time datetime=\"\(formatter.string(from: budget.resetsAt))\">00:00 UTC</time></p>"
    }
}
