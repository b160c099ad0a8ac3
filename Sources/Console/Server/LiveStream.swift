import Foundation
import Hummingbird

/// `GET /events`: server-sent events fed by the watches. Each connection waits on the change
/// hub (no polling of the API server per browser), coalesces bursts, and sends the re-rendered
/// sections as one `sections` event: the console's five sections, or with `?action=ID` that
/// action's page body. Comments keep idle connections open through proxies.
struct LiveStream: Sendable {
    let service: ConsoleService

    func response(_ request: Request) async throws -> Response {
        let service = self.service
        let facts = RequestFacts(request)
        let read = await service.authenticator.authorize(token: facts.token, verb: .read)
        switch read {
        case .unauthenticated(let reason): return Responses.text(reason + "\n", status: .unauthorized)
        case .forbidden(_, let reason): return Responses.text(reason + "\n", status: .forbidden)
        case .allowed: break
        }
        let canDecide: Bool
        if case .allowed = await service.authenticator.authorize(token: facts.token, verb: .decide) {
            canDecide = true
        } else {
            canDecide = false
        }
        let csrf = facts.csrfCookie.flatMap { service.csrf.isGenuine($0) ? $0 : nil } ?? ""
        let actionID: String? = request.uri.queryParameters.get("action").map { String($0) }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        Responses.secure(&headers)
        let body = ResponseBody { writer in
            let hub = service.feed.hub
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            var version = await hub.current
            try await writer.write(ByteBuffer(string: await Self.event(service, action: actionID, csrf: csrf, canDecide: canDecide)))
            while !Task.isCancelled {
                guard let next = await hub.next(after: version, timeout: service.configuration.keepAlive) else { break }
                if next == version {
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    continue
                }
                try? await Task.sleep(for: .milliseconds(Int64(service.configuration.updateCoalescing * 1000)))
                version = await hub.current
                try await writer.write(ByteBuffer(string: await Self.event(service, action: actionID, csrf: csrf, canDecide: canDecide)))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// One `sections` event: a JSON object from section id to its HTML.
    static func event(_ service: ConsoleService, action: String?, csrf: String, canDecide: Bool) async -> String {
        var sections: [String: String]
        if let action {
            if let (object, events) = try? await service.action(action) {
                let page = ActionView.body(object, events: events, now: service.now(), csrf: csrf, canDecide: canDecide)
                sections = ["action": Self.inner(page, id: "action")]
            } else {
                sections = ["action": "<p class=\"empty\">This action no longer exists (terminal actions are deleted after an hour).</p>"]
            }
        } else {
            sections = ConsoleView.sectionHTML(await service.snapshot(), csrf: csrf, canDecide: canDecide)
        }
        let data = (try? JSONEncoder().encode(sections)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "event: sections\ndata: \(data)\n\n"
    }

    /// The inside of the element `<div id="ID" ...>` of a rendered page body (the live part).
    static func inner(_ html: String, id: String) -> String {
        guard let start = html.range(of: "<div id=\"\(id)\""), let open = html[start.upperBound...].firstIndex(of: ">"),
            let close = html.range(of: "</div>", options: .backwards)
        else { return html }
        return String(html[html.index(after: open)..<close.lowerBound])
    }
}
