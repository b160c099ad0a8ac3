import Foundation
import Hummingbird

/// Building responses: security headers on every one, HTML pages, JSON, plain text, redirects.
enum Responses {
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static func make(status: HTTPResponse.Status, contentType: String, body: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        secure(&headers)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func secure(_ headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[.cacheControl] = "no-store"
        headers[.init("X-Frame-Options")!] = "DENY"
        headers[.init("Referrer-Policy")!] = "same-origin"
    }

    static func html(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        make(status: status, contentType: "text/html; charset=utf-8", body: body)
    }

    static func text(_ body: String, status: HTTPResponse.Status = .ok, contentType: String = "text/plain; charset=utf-8")
        -> Response
    {
        make(status: status, contentType: contentType, body: body)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{\"error\":\"encoding failed\"}".utf8)
        return make(status: status, contentType: "application/json", body: String(decoding: data, as: UTF8.self))
    }

    /// `{"ok": false, "error": "..."}` (and `message` for the page script).
    static func jsonError(_ message: String, status: HTTPResponse.Status) -> Response {
        json(Answer(ok: false, message: message, error: message), status: status)
    }

    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        secure(&headers)
        return Response(status: .seeOther, headers: headers)
    }
}

/// The JSON answer of a POST (and of errors): what happened, in words the page can show.
struct Answer: Encodable {
    var ok: Bool
    var message: String
    var error: String?
    var action: String?
    var phase: String?
}
