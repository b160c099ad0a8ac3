import Agent
import Console
import Foundation
import KubeModels
import Testing

@testable import KubeSim

/// The chat page against a local OpenAI-compatible model: the agent's own session loop, tools,
/// policy, budget and audit, reached by a plain form post, by JSON and by a streamed answer.
@Suite("Console: chat with the agent")
struct ChatTests {
    static let hostile = "<img src=x onerror=alert(1)> quota platform-hardening"

    /// The scripted model: first a diagnose call and an attempt at the (withheld) approve tool,
    /// then an answer that quotes hostile cluster text.
    static func script(_ body: JSONValue) -> FakeModelServer.Reply {
        if FakeModelServer.toolResults(body).isEmpty {
            return .tools([("diagnose", ["namespace": "kars-research"]), ("approve_action", ["namespace": "kars-sre"])])
        }
        return .text("Root cause: \(hostile) blocks the pod.\nAnswer to: \(FakeModelServer.question(body))")
    }

    /// A tool the console must never offer, whatever the policy says.
    static func approveTool() -> AgentTool {
        AgentTool.make(
            "approve_action", NamespaceArguments.self, significant: "namespace", readOnly: false,
            description: "Approves an action."
        ) { _, _ in
            "approved"
        }
    }

    static func start(auth: AuthMode = .local, tokenBudget: Int? = nil) async throws -> (
        ConsoleHarness, FakeModelServer
    ) {
        let model = try await FakeModelServer.start(script)
        do {
            let harness = try await ConsoleHarness.start(
                auth: auth,
                chat: ChatSetup(
                    endpoint: model.url, tokenBudget: tokenBudget, catalog: ToolCatalog.all + [approveTool()]))
            return (harness, model)
        } catch {
            await model.shutdown()
            throw error
        }
    }

    @Test func aFormPostWithoutJavaScriptRendersTheTurnWithStepsBudgetAndEscapedText() async throws {
        let (harness, model) = try await Self.start()
        let browser = BrowserSession(harness)
        let empty = try await browser.get("/chat")
        #expect(empty.status == 200)
        #expect(empty.body.contains("No question yet"))
        #expect(empty.body.contains("Tokens today</span> 0 of 2,000,000"), "\(empty.body)")
        #expect(empty.body.contains("<code>approve_action</code>: it would approve"))
        #expect(browser.cookies["kars_chat"] != nil)

        let posted = try await browser.post(
            "/chat", form: ["csrf": browser.csrf ?? "", "question": "why is <research> down?"])
        #expect(posted.status == 303, "\(posted.body)")
        #expect(posted.header("location") == ["/chat#turn-1"])
        let page = try await browser.get("/chat")
        #expect(page.body.contains("why is &lt;research&gt; down?"))
        #expect(
            page.body.contains("<code>tool:diagnose:kars-research</code> <span class=\"badge ok\">allowed</span>"),
            "\(page.body)")
        #expect(page.body.contains("<code>tool:approve_action:</code> <span class=\"badge bad\">denied</span>"))
        #expect(page.body.contains("&lt;img src=x onerror=alert(1)&gt; quota platform-hardening"))
        #expect(!page.body.contains("<img src=x"))
        #expect(page.body.contains("240 tokens · 2 model calls · 2 tool calls"))
        #expect(page.body.contains("Tokens today</span> 240 of 2,000,000"))

        // The model was never offered the approve tool; the agent's own persona and tools were sent.
        let requests = model.requests
        #expect(requests.count == 2)
        let offered = (requests.first?["tools"]?.arrayValue ?? []).compactMap {
            $0[path: "function", "name"]?.stringValue
        }
        #expect(offered.contains("diagnose") && offered.contains("propose_fix"))
        #expect(!offered.contains("approve_action"))
        let denied = FakeModelServer.toolResults(requests[1]).first { $0.contains("approve_action") } ?? ""
        #expect(denied.contains("DENIED by the tool policy"), "\(denied)")

        // The audit log of the agent: model and tool calls, as the console user.
        let audit = harness.directory.read("agent-state/audit.jsonl") ?? ""
        #expect(!audit.isEmpty, "no audit log was written")
        let lines = audit.split(separator: "\n").compactMap { try? JSONParser.parse(Data($0.utf8)) }
        #expect(lines.filter { $0["kind"] == "model" }.count == 2)
        #expect(lines.contains { $0["tool"] == "approve_action" && $0["decision"] == "deny" })
        #expect(lines.allSatisfy { $0["actor"]?.stringValue?.hasPrefix("console:") == true }, "\(audit)")

        // Starting over forgets the conversation.
        let reset = try await browser.post("/chat/reset", form: ["csrf": browser.csrf ?? ""])
        #expect(reset.status == 303)
        #expect(try await browser.get("/chat").body.contains("No question yet"))
        await harness.stop()
        await model.shutdown()
    }

    @Test func theAnswerStreamsAsServerSentEventsAndTheAPIReturnsTheTurn() async throws {
        let (harness, model) = try await Self.start()
        let browser = BrowserSession(harness)
        _ = try await browser.get("/chat")
        let streamed = try await browser.post(
            "/chat", form: ["question": "what is broken?"],
            extra: [("Accept", "text/event-stream"), ("X-CSRF-Token", browser.csrf ?? "")])
        #expect(streamed.status == 200, "\(streamed.body)")
        #expect(streamed.header("content-type").first?.hasPrefix("text/event-stream") == true)
        let events = streamed.body.components(separatedBy: "\n\n").compactMap { block -> (String, JSONValue)? in
            let lines = block.split(separator: "\n")
            guard let name = lines.first(where: { $0.hasPrefix("event: ") })?.dropFirst(7),
                let data = lines.first(where: { $0.hasPrefix("data: ") })?.dropFirst(6),
                let value = try? JSONParser.parse(Data(data.utf8))
            else { return nil }
            return (String(name), value)
        }
        #expect(
            events.filter { $0.0 == "step" }.compactMap { $0.1["action"]?.stringValue } == [
                "tool:diagnose:kars-research", "tool:approve_action:",
            ])
        let text = events.filter { $0.0 == "text" }.compactMap { $0.1.stringValue }.joined()
        #expect(text.contains(Self.hostile), "\(text)")
        #expect(text.count > 12, "the answer came in more than one piece")
        let done = events.last ?? ("none", .null)
        #expect(done.0 == "done")
        #expect(done.1["html"]?.stringValue?.contains("&lt;img src=x") == true)
        #expect(done.1["html"]?.stringValue?.contains("<img") == false)
        #expect(done.1["budget"]?.stringValue?.contains("240 of 2,000,000") == true)
        #expect(done.1[path: "turn", "usage", "total"] == 240)

        let json = try await browser.post(
            "/api/chat", form: ["csrf": browser.csrf ?? "", "question": "and now?"],
            extra: [("Accept", "application/json")])
        #expect(json.status == 200, "\(json.body)")
        #expect(json.json[path: "turn", "number"] == 2)
        #expect(json.json[path: "turn", "answer"]?.stringValue?.contains("Answer to: and now?") == true)
        #expect(json.json[path: "turn", "steps"]?.arrayValue?.map { $0["decision"] } == ["allow", "deny"])
        #expect(json.json[path: "budget", "used"] == 480)
        let transcript = try await browser.get("/api/chat")
        #expect(transcript.json["turns"]?.arrayValue?.count == 2)
        #expect(transcript.json["withheld"] == ["approve_action"])
        #expect(transcript.json["tools"]?.arrayValue?.contains("approve_action") == false)
        // Another browser has its own conversation.
        #expect(try await BrowserSession(harness).get("/api/chat").json["turns"]?.arrayValue?.count == 0)
        await harness.stop()
        await model.shutdown()
    }

    @Test func postsWithoutCSRFEmptyQuestionsAndASpentBudgetAreRefused() async throws {
        let (harness, model) = try await Self.start(tokenBudget: 200)
        let browser = BrowserSession(harness)
        _ = try await browser.get("/chat")
        let noToken = try await browser.post("/chat", form: ["question": "hi"], extra: [("Accept", "application/json")])
        #expect(noToken.status == 403)
        let crossSite = try await browser.post(
            "/chat", form: ["csrf": browser.csrf ?? "", "question": "hi"],
            extra: [("Accept", "application/json"), ("Sec-Fetch-Site", "cross-site")])
        #expect(crossSite.status == 403)
        let blank = try await browser.post(
            "/chat", form: ["csrf": browser.csrf ?? "", "question": "  "], extra: [("Accept", "application/json")])
        #expect(blank.status == 400)
        #expect(blank.json["message"]?.stringValue?.contains("empty") == true)
        #expect(model.requests.isEmpty)

        // The first turn spends 240 tokens of a budget of 200; the next one is refused, saying so.
        _ = try await browser.post(
            "/api/chat", form: ["csrf": browser.csrf ?? "", "question": "one"], extra: [("Accept", "application/json")])
        let refused = try await browser.post(
            "/api/chat", form: ["csrf": browser.csrf ?? "", "question": "two"], extra: [("Accept", "application/json")])
        #expect(
            refused.json[path: "turn", "error"]?.stringValue?.contains("daily token budget of 200 tokens is spent")
                == true, "\(refused.body)")
        #expect(model.requests.count == 2)
        let page = try await browser.get("/chat")
        #expect(page.body.contains("<p class=\"budget bad\">"))
        await harness.stop()
        await model.shutdown()
    }

    @Test func aSecondQuestionWhileTheFirstRunsIsAConflict() async throws {
        let model = try await FakeModelServer.start(held: true) { _ in .text("done") }
        let harness: ConsoleHarness
        do {
            harness = try await ConsoleHarness.start(chat: ChatSetup(endpoint: model.url))
        } catch {
            await model.shutdown()
            throw error
        }
        let browser = BrowserSession(harness)
        _ = try await browser.get("/chat")
        let csrf = browser.csrf ?? ""
        let first = Task {
            try await browser.post(
                "/api/chat", form: ["csrf": csrf, "question": "one"], extra: [("Accept", "application/json")])
        }
        let busy = try await eventually(timeout: 60) { model.server.requests.count == 1 }
        #expect(busy)
        let second = try await browser.post(
            "/api/chat", form: ["csrf": csrf, "question": "two"], extra: [("Accept", "application/json")])
        #expect(second.status == 409)
        #expect(second.json["message"]?.stringValue?.contains("still answering") == true)
        model.open()
        let answered = try await first.value
        #expect(answered.json[path: "turn", "answer"] == "done")
        await harness.stop()
        await model.shutdown()
    }

    @Test func inTokenModeAViewerMayLookButNotAsk() async throws {
        let (harness, model) = try await Self.start(auth: .tokenReview)
        let token = try await harness.token(for: "victor", clusterRole: "console-viewer")
        let browser = BrowserSession(harness)
        _ = try await browser.get("/login")
        _ = try await browser.post("/login", form: ["csrf": browser.csrf ?? "", "token": token])
        let page = try await browser.get("/chat")
        #expect(page.status == 200)
        #expect(page.body.contains("may look but not ask"))
        #expect(page.body.contains("<button type=\"submit\" class=\"primary\" disabled>Ask</button>"))
        let refused = try await browser.post(
            "/chat", form: ["csrf": browser.csrf ?? "", "question": "hi"], extra: [("Accept", "application/json")])
        #expect(refused.status == 403)
        #expect(
            refused.json["message"]?.stringValue?.contains("victor may not use the chat") == true, "\(refused.body)")
        #expect(model.requests.isEmpty)
        await harness.stop()
        await model.shutdown()
    }

    @Test func withoutAModelThePageSaysHowToConfigureOneAndPostsAreRefused() async throws {
        let harness = try await ConsoleHarness.start()
        let browser = BrowserSession(harness)
        let page = try await browser.get("/chat")
        #expect(page.body.contains("No model configured"))
        #expect(page.body.contains("KARS_SRE_LLM_ENDPOINT"))
        let refused = try await browser.post(
            "/chat", form: ["csrf": browser.csrf ?? "", "question": "hi"], extra: [("Accept", "application/json")])
        #expect(refused.status == 503)
        await harness.stop()
    }

    @Test func approvalChangingAndWritingToolsAreWithheld() {
        let writer = AgentTool.make(
            "scale_now", NamespaceArguments.self, significant: nil, readOnly: false, description: "writes"
        ) { _, _ in "" }
        let split = ChatToolPolicy.split(ToolCatalog.all + [Self.approveTool(), writer])
        #expect(split.offered.map { $0.name } == ToolCatalog.all.map { $0.name })
        #expect(split.withheld.map { $0.name } == ["approve_action", "scale_now"])
    }
}
