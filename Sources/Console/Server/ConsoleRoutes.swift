import Foundation
import Hummingbird
import Remediation

/// The routes: probes, static assets, pages, the JSON API, decisions and sign-in. Live updates are
/// in `LiveStream`.
struct ConsoleRoutes: Sendable {
    let service: ConsoleService

    func register(on router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in Responses.text("ok\n") }
        router.get("/readyz") { _, _ in
            let missing = await service.feed.notReady()
            return missing.isEmpty
                ? Responses.text("ready\n")
                : Responses.text("waiting for the first list of: \(missing.joined(separator: ", "))\n", status: .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            service.metrics.setActions(await service.cachedActions())
            return Responses.text(service.metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/static/console.css") { _, _ in Responses.text(Assets.css, contentType: "text/css; charset=utf-8") }
        router.get("/static/console.js") { _, _ in
            Responses.text(Assets.js, contentType: "text/javascript; charset=utf-8")
        }

        router.get("/") { request, _ in
            try await page(request, title: "Console", active: "console", stream: "/events") { session in
                let notice = request.uri.queryParameters.get("done").flatMap { Self.notice(String($0)) }
                return ConsoleView.body(await service.snapshot(), csrf: session.csrf, canDecide: session.canDecide, notice: notice)
            }
        }
        router.get("/actions/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await page(request, title: id, active: "console", stream: "/events?action=\(HTML.pathSegment(id))") { session in
                do {
                    let (action, events) = try await service.action(id)
                    return ActionView.body(action, events: events, now: service.now(), csrf: session.csrf, canDecide: session.canDecide)
                } catch {
                    throw PageError(status: .notFound, title: "Not found", message: "No KarsSREAction \(id) in namespace \(service.configuration.namespace).")
                }
            }
        }
        ChatRoutes(routes: self).register(on: router)

        router.get("/api/actions") { request, _ in
            try await api(request) { ActionList(await service.cachedActions(), now: service.now()) }
        }
        router.get("/api/actions/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await api(request) {
                guard let (action, _) = try? await service.action(id) else {
                    throw PageError(status: .notFound, title: "Not found", message: "no KarsSREAction \(id) in namespace \(service.configuration.namespace)")
                }
                let events = await service.feed.actionEvents.items(namespace: action.namespace).filter {
                    $0[path: "involvedObject", "name"]?.stringValue == id
                        && $0[path: "involvedObject", "kind"]?.stringValue == "KarsSREAction"
                }
                return ActionDetail(action, events: events, now: service.now())
            }
        }
        router.get("/api/health") { request, _ in try await api(request) { await service.health() } }
        router.get("/api/incidents") { request, _ in try await api(request) { await service.incidents() } }
        router.get("/api/snapshot") { request, _ in try await api(request) { await service.snapshot() } }

        for (path, approve) in [("approve", true), ("reject", false)] {
            for prefix in ["/actions", "/api/actions"] {
                router.post("\(prefix)/:id/\(path)") { request, context in
                    try await decide(request, id: context.parameters.get("id") ?? "", approve: approve)
                }
            }
        }

        router.get("/login") { request, _ in
            let facts = RequestFacts(request)
            let (csrf, cookie) = csrfToken(facts)
            var response = Responses.html(
                Layout.page(title: "Sign in", active: "", body: OtherPages.login(error: nil, csrf: csrf), user: nil, stream: nil,
                            needsLogin: false, csrf: csrf))
            if let cookie { response.setCookie(cookie) }
            return response
        }
        router.post("/login") { request, _ in try await login(request) }
        router.post("/logout") { request, _ in
            let facts = RequestFacts(request)
            var form: [String: String] = [:]
            var mutable = request
            if let body = try? await mutable.collectBody(upTo: 16 * 1024) { form = FormBody.parse(String(buffer: body)) }
            guard service.csrf.verify(cookie: facts.csrfCookie, submitted: form[CSRFGuard.fieldName]) else {
                return Responses.html(errorPage("Refused", "The form had no valid CSRF token: reload the page and try again."), status: .forbidden)
            }
            var response = Responses.redirect("/login")
            response.setCookie(Cookie(name: RequestFacts.tokenCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }

        router.get("/events") { request, _ in
            try await LiveStream(service: service).response(request)
        }
    }

    static func notice(_ code: String) -> String? {
        switch code {
        case "approved": return "Approved: the controller executes it now."
        case "rejected": return "Rejected."
        default: return nil
        }
    }

    /// Who is looking, and what they may do.
    struct Session: Sendable {
        var user: String?
        var canDecide: Bool
        var csrf: String
    }

    /// A page's error (status, title, message).
    struct PageError: Error {
        var status: HTTPResponse.Status
        var title: String
        var message: String
    }

    func errorPage(_ title: String, _ message: String) -> String {
        Layout.page(title: title, active: "", body: OtherPages.error(title: title, message: message), user: nil, stream: nil,
                    needsLogin: service.authenticator.needsToken, csrf: "")
    }

    /// The CSRF token of this browser: its cookie when genuine, else a fresh one with the cookie to set.
    func csrfToken(_ facts: RequestFacts) -> (String, Cookie?) {
        if let cookie = facts.csrfCookie, service.csrf.isGenuine(cookie) { return (cookie, nil) }
        let token = service.csrf.issue()
        return (token, Cookie(name: CSRFGuard.cookieName, value: token, path: "/", httpOnly: true, sameSite: .strict))
    }

    func page(
        _ request: Request, title: String, active: String, stream: String?, render: (Session) async throws -> String
    ) async throws -> Response {
        let facts = RequestFacts(request)
        let (csrf, cookie) = csrfToken(facts)
        let auth = await service.authenticator.authorize(token: facts.token, verb: .read)
        var response: Response
        switch auth {
        case .unauthenticated(let reason):
            if facts.token == nil { return Responses.redirect("/login") }
            response = Responses.html(errorPage("Sign-in needed", reason), status: .unauthorized)
        case .forbidden(_, let reason):
            response = Responses.html(errorPage("Forbidden", reason), status: .forbidden)
        case .allowed(let identity):
            let canDecide: Bool
            if case .allowed = await service.authenticator.authorize(token: facts.token, verb: .decide) {
                canDecide = true
            } else {
                canDecide = false
            }
            let session = Session(user: identity.description, canDecide: canDecide, csrf: csrf)
            do {
                let body = try await render(session)
                response = Responses.html(
                    Layout.page(title: title, active: active, body: body, user: session.user, stream: stream,
                                needsLogin: service.authenticator.needsToken, csrf: csrf))
            } catch let error as PageError {
                response = Responses.html(errorPage(error.title, error.message), status: error.status)
            }
        }
        if let cookie { response.setCookie(cookie) }
        return response
    }

    func api(_ request: Request, _ body: () async throws -> some Encodable) async throws -> Response {
        let facts = RequestFacts(request)
        switch await service.authenticator.authorize(token: facts.token, verb: .read) {
        case .unauthenticated(let reason): return Responses.jsonError(reason, status: .unauthorized)
        case .forbidden(_, let reason): return Responses.jsonError(reason, status: .forbidden)
        case .allowed:
            do {
                return Responses.json(try await body())
            } catch let error as PageError {
                return Responses.jsonError(error.message, status: error.status)
            }
        }
    }

    /// Every POST: a same-origin request with a genuine CSRF token, unless its only credential is
    /// an Authorization header (which a browser never adds to a cross-site request by itself).
    func passesCSRF(_ facts: RequestFacts, form: [String: String]) -> String? {
        if facts.isCrossOrigin { return "cross-origin request refused (Origin \(facts.origin ?? "") is not this console)" }
        if facts.tokenFromHeader && !facts.hasCookies { return nil }
        let submitted = facts.headerCSRF ?? form[CSRFGuard.fieldName]
        guard service.csrf.verify(cookie: facts.csrfCookie, submitted: submitted) else {
            return "missing or invalid CSRF token: reload the page and try again"
        }
        return nil
    }

    func decide(_ request: Request, id: String, approve: Bool) async throws -> Response {
        let facts = RequestFacts(request)
        var mutable = request
        let body = try await mutable.collectBody(upTo: 64 * 1024)
        let form = FormBody.parse(String(buffer: body))
        func refuse(_ message: String, _ status: HTTPResponse.Status) -> Response {
            facts.wantsJSON ? Responses.jsonError(message, status: status) : Responses.html(errorPage("Refused", message), status: status)
        }
        if let problem = passesCSRF(facts, form: form) { return refuse(problem, .forbidden) }
        let identity: ApproverIdentity
        switch await service.authenticator.authorize(token: facts.token, verb: .decide) {
        case .unauthenticated(let reason): return refuse(reason, .unauthorized)
        case .forbidden(let user, let reason):
            return refuse("refused: \(user) may not approve or reject actions (\(reason))", .forbidden)
        case .allowed(let who): identity = who
        }
        let verb = approve ? "approved" : "rejected"
        do {
            let action = try await service.decide(id, approve: approve, identity: identity, reason: form["reason"])
            if facts.wantsJSON {
                return Responses.json(
                    Answer(ok: true, message: "\(id) \(verb) by \(identity.name).", action: id, phase: action.phase.rawValue))
            }
            return Responses.redirect("/?done=\(verb)")
        } catch let error as RemediationError {
            let text = "\(error)"
            let status: HTTPResponse.Status = text.contains("no KarsSREAction") ? .notFound : .conflict
            return refuse(text, status)
        } catch {
            return refuse("the API server refused the decision: \(error)", .badGateway)
        }
    }

    func login(_ request: Request) async throws -> Response {
        let facts = RequestFacts(request)
        var mutable = request
        let body = try await mutable.collectBody(upTo: 64 * 1024)
        let form = FormBody.parse(String(buffer: body))
        let (csrf, cookie) = csrfToken(facts)
        func again(_ error: String, _ status: HTTPResponse.Status) -> Response {
            var response = Responses.html(
                Layout.page(title: "Sign in", active: "", body: OtherPages.login(error: error, csrf: csrf), user: nil,
                            stream: nil, needsLogin: false, csrf: csrf), status: status)
            if let cookie { response.setCookie(cookie) }
            return response
        }
        if let problem = passesCSRF(facts, form: form) { return again(problem, .forbidden) }
        let token = (form["token"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        switch await service.authenticator.authorize(token: token, verb: .read) {
        case .unauthenticated(let reason): return again(reason, .unauthorized)
        case .forbidden(_, let reason): return again(reason, .forbidden)
        case .allowed:
            guard let session = try? Cookie.validated(
                name: RequestFacts.tokenCookie, value: token, path: "/", httpOnly: true, sameSite: .strict)
            else { return again("that token contains characters a cookie cannot hold", .badRequest) }
            var response = Responses.redirect("/")
            response.setCookie(session)
            return response
        }
    }
}
