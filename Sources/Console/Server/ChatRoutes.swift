import Agent
import Foundation
import Hummingbird
import Remediation

/// The chat routes: the page, asking (a form post answered by a redirect, JSON, or a stream of
/// server-sent events), starting over, and the conversation as JSON. Asking runs the agent with
/// the console's own read access, so in token mode it needs the approver's right (the `decide`
/// verb: patch karssreactions), not just the right to look.
struct ChatRoutes: Sendable {
    static let cookieName = "kars_chat"
    let routes: ConsoleRoutes
    var service: ConsoleService { routes.service }

    func register(on router: Router<BasicRequestContext>) {
        router.get("/static/chat.js") { _, _ in
            Responses.text(ChatScript.js, contentType: "text/javascript; charset=utf-8")
        }
        router.get("/chat") { request, _ in try await page(request) }
        router.post("/chat") { request, _ in try await ask(request) }
        router.post("/api/chat") { request, _ in try await ask(request) }
        router.post("/chat/reset") { request, _ in try await reset(request) }
        router.get("/api/chat") { request, _ in try await transcript(request) }
    }

    /// This browser's conversation id: its cookie when well-formed, else a new one to set.
    func conversation(_ request: Request) -> (String, Cookie?) {
        if let value = request.cookies[Self.cookieName]?.value, value.count >= 16, value.count <= 64,
            value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        {
            return (value, nil)
        }
        let id = CSRFGuard.base64url(Data((0..<18).map { _ in UInt8.random(in: 0...255) }))
        return (id, Cookie(name: Self.cookieName, value: id, path: "/", httpOnly: true, sameSite: .strict))
    }

    func page(_ request: Request) async throws -> Response {
        guard let room = service.chat else {
            return try await routes.page(request, title: "Chat", active: "chat", stream: nil) { _ in
                OtherPages.chat(namedModel: service.configuration.chatModel)
            }
        }
        let (id, cookie) = conversation(request)
        var response = try await routes.page(request, title: "Chat", active: "chat", stream: nil) { session in
            let user = session.user ?? ""
            return ChatView.body(
                chat: room.chat, turns: await room.turns(user: user, conversation: id), budget: await room.budget(),
                csrf: session.csrf, canAsk: session.canDecide,
                refusal: session.canDecide
                    ? nil
                    : "Your identity may look but not ask: the agent reads the cluster with the console's own access, "
                        + "so asking needs the approver's right (patch karssreactions in \(service.configuration.namespace)).",
                maxQuestionLength: room.maxQuestionLength)
        }
        if let cookie { response.setCookie(cookie) }
        return response
    }

    /// Reads the form, checks CSRF and the right to ask; the user or the refusal.
    private func admit(_ request: Request) async throws -> (form: [String: String], user: String?, refusal: Response?) {
        let facts = RequestFacts(request)
        var mutable = request
        let body = try await mutable.collectBody(upTo: 64 * 1024)
        let form = FormBody.parse(String(buffer: body))
        if let problem = routes.passesCSRF(facts, form: form) {
            return (form, nil, refuse(request, problem, .forbidden))
        }
        switch await service.authenticator.authorize(token: facts.token, verb: .decide) {
        case .unauthenticated(let reason): return (form, nil, refuse(request, reason, .unauthorized))
        case .forbidden(let user, let reason):
            return (
                form, nil,
                refuse(
                    request, "refused: \(user) may not use the chat, which needs the approver's right (\(reason))",
                    .forbidden)
            )
        case .allowed(let identity): return (form, identity.description, nil)
        }
    }

    private func wantsStream(_ request: Request) -> Bool {
        (request.headers[.accept] ?? "").contains("text/event-stream")
    }

    private func refuse(_ request: Request, _ message: String, _ status: HTTPResponse.Status) -> Response {
        if RequestFacts(request).wantsJSON || wantsStream(request) {
            return Responses.jsonError(message, status: status)
        }
        return Responses.html(routes.errorPage("Not asked", message), status: status)
    }

    func ask(_ request: Request) async throws -> Response {
        guard let room = service.chat else {
            return refuse(
                request, "no model is configured for the chat: see /chat for how to configure one", .serviceUnavailable)
        }
        let (form, user, refusal) = try await admit(request)
        if let refusal { return refusal }
        let (id, cookie) = conversation(request)
        let updates: AsyncStream<ChatRoom.Update>
        do {
            updates = try await room.ask(user: user ?? "", conversation: id, question: form["question"] ?? "")
        } catch {
            return refuse(request, error.description, error == .busy ? .conflict : .badRequest)
        }
        var response: Response
        if wantsStream(request) {
            response = stream(updates, room: room)
        } else {
            var finished: ChatTurn?
            for await update in updates {
                if case .done(let turn) = update { finished = turn }
            }
            if RequestFacts(request).wantsJSON {
                response = Responses.json(ChatAnswer(turn: finished, budget: await room.budget()))
            } else {
                response = Responses.redirect("/chat" + (finished.map { "#turn-\($0.number)" } ?? ""))
            }
        }
        if let cookie { response.setCookie(cookie) }
        return response
    }

    /// The turn as server-sent events: `step` (rendered), `text` (a JSON string), then `done`
    /// (the whole turn rendered, the budget rendered, and the turn as data).
    private func stream(_ updates: AsyncStream<ChatRoom.Update>, room: ChatRoom) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        Responses.secure(&headers)
        let body = ResponseBody { writer in
            for await update in updates {
                let event: String
                switch update {
                case .text(let delta):
                    event = Self.event("text", delta)
                case .step(let step):
                    event = Self.event(
                        "step", StepEvent(html: ChatView.step(step), action: step.action, decision: step.decision))
                case .done(let turn):
                    let budget = await room.budget()
                    event = Self.event(
                        "done", DoneEvent(html: ChatView.turn(turn), budget: ChatView.budgetHTML(budget), turn: turn))
                }
                try await writer.write(ByteBuffer(string: event))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    static func event(_ name: String, _ value: some Encodable) -> String {
        let data = (try? Responses.encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        return "event: \(name)\ndata: \(data)\n\n"
    }

    func reset(_ request: Request) async throws -> Response {
        guard let room = service.chat else {
            return refuse(request, "no model is configured for the chat", .serviceUnavailable)
        }
        let (_, user, refusal) = try await admit(request)
        if let refusal { return refusal }
        let (id, _) = conversation(request)
        do {
            try await room.reset(user: user ?? "", conversation: id)
        } catch {
            return refuse(request, error.description, .conflict)
        }
        if RequestFacts(request).wantsJSON {
            return Responses.json(Answer(ok: true, message: "Conversation forgotten."))
        }
        return Responses.redirect("/chat")
    }

    func transcript(_ request: Request) async throws -> Response {
        let facts = RequestFacts(request)
        let identity: ApproverIdentity
        switch await service.authenticator.authorize(token: facts.token, verb: .read) {
        case .unauthenticated(let reason): return Responses.jsonError(reason, status: .unauthorized)
        case .forbidden(_, let reason): return Responses.jsonError(reason, status: .forbidden)
        case .allowed(let who): identity = who
        }
        guard let room = service.chat else {
            return Responses.jsonError("no model is configured for the chat", status: .serviceUnavailable)
        }
        let (id, cookie) = conversation(request)
        var response = Responses.json(
            ChatTranscript(
                model: room.chat.model, tools: room.chat.tools.map(\.name), withheld: room.chat.withheld.map(\.name),
                budget: await room.budget(), turns: await room.turns(user: identity.description, conversation: id)))
        if let cookie { response.setCookie(cookie) }
        return response
    }
}

/// `POST /chat` with `Accept: application/json`: the finished turn and the budget after it.
struct ChatAnswer: Encodable {
    var turn: ChatTurn?
    var budget: ChatBudget
}

/// `GET /api/chat`: this conversation.
struct ChatTranscript: Encodable {
    var model: String
    var tools: [String]
    var withheld: [String]
    var budget: ChatBudget
    var turns: [ChatTurn]
}

struct StepEvent: Encodable {
    var html: String
    var action: String
    var decision: String
}

struct DoneEvent: Encodable {
    var html: String
    var budget: String
    var turn: ChatTurn
}
