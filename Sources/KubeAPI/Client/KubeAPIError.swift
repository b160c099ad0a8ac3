import Foundation
import KubeModels

/// Why the API server could not be talked to. Rendered as one line that names the server URL and
/// the configuration in use, because that is what an operator needs to fix it.
public struct ConnectionFailure: Sendable, Hashable {
    public var server: String
    public var origin: String
    public var reason: String

    public init(server: String, origin: String, reason: String) {
        self.server = server
        self.origin = origin
        self.reason = reason
    }
}

/// A non-success HTTP answer, with the `metav1.Status` the server sent (or one synthesised from
/// the status line when the body was not a Status).
public struct StatusError: Sendable, Hashable {
    public var httpCode: Int
    public var status: Status
    /// `GET /api/v1/...` of the failed request.
    public var request: String
    /// Seconds from a Retry-After header or `details.retryAfterSeconds`.
    public var retryAfterSeconds: Int?

    public init(httpCode: Int, status: Status, request: String, retryAfterSeconds: Int? = nil) {
        self.httpCode = httpCode
        self.status = status
        self.request = request
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// Every failure of a Kubernetes API call: a Status from the server, or a transport failure.
/// The `is...` helpers let callers branch on the usual cases (create-or-update on NotFound,
/// retry on Conflict, relist on Gone) without parsing messages.
public enum KubeAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server answered with an error status.
    case status(StatusError)
    /// Could not connect (refused, DNS, connect timeout, TLS handshake): the request was not sent.
    case unreachable(ConnectionFailure)
    /// The connection broke after the request was sent (reset, read timeout).
    case connectionLost(ConnectionFailure)
    /// The server answered 2xx with a body that is not what the verb expects.
    case decoding(request: String, problem: String)
    /// The caller asked for something that cannot be expressed (e.g. namespaced resource without a namespace).
    case invalidRequest(String)

    public var httpCode: Int? {
        if case .status(let error) = self { return error.httpCode }
        return nil
    }

    public var reason: String? {
        if case .status(let error) = self { return error.status.reason }
        return nil
    }

    public var message: String {
        switch self {
        case .status(let error): return error.status.message ?? "HTTP \(error.httpCode)"
        case .unreachable(let failure), .connectionLost(let failure): return failure.reason
        case .decoding(_, let problem): return problem
        case .invalidRequest(let problem): return problem
        }
    }

    public var details: StatusDetails? {
        if case .status(let error) = self { return error.status.details }
        return nil
    }

    /// The decoded `metav1.Status`, when the server sent one.
    public var apiStatus: Status? {
        if case .status(let error) = self { return error.status }
        return nil
    }

    public var isNotFound: Bool { httpCode == 404 || reason == "NotFound" }
    public var isConflict: Bool { httpCode == 409 && reason != "AlreadyExists" || reason == "Conflict" }
    public var isAlreadyExists: Bool { reason == "AlreadyExists" }
    public var isForbidden: Bool { httpCode == 403 || reason == "Forbidden" }
    public var isUnauthorized: Bool { httpCode == 401 || reason == "Unauthorized" }
    public var isGone: Bool { httpCode == 410 || reason == "Gone" || reason == "Expired" }
    public var isTooManyRequests: Bool { httpCode == 429 || reason == "TooManyRequests" }
    public var isInvalid: Bool { httpCode == 422 || reason == "Invalid" }
    public var isServerError: Bool { (httpCode ?? 0) >= 500 }
    public var isUnreachable: Bool {
        if case .unreachable = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .status(let error):
            let message = error.status.message.map { $0.replacingOccurrences(of: "\n", with: " ") } ?? "no message"
            let reason = error.status.reason.map { " \($0)" } ?? ""
            return "\(error.request): HTTP \(error.httpCode)\(reason): \(message)"
        case .unreachable(let failure):
            return "cannot reach the Kubernetes API at \(failure.server) (\(failure.origin)): \(failure.reason)"
        case .connectionLost(let failure):
            return
                "connection to the Kubernetes API at \(failure.server) (\(failure.origin)) was lost: \(failure.reason)"
        case .decoding(let request, let problem):
            return "\(request): unexpected response: \(problem)"
        case .invalidRequest(let problem):
            return "invalid request: \(problem)"
        }
    }

    /// Builds the error for a non-2xx response, decoding a Status body when there is one.
    public static func fromResponse(status code: Int, headers: [String: String], body: Data, request: String)
        -> KubeAPIError
    {
        var status: Status
        if let decoded = try? KubeJSON.decoder.decode(Status.self, from: body),
            decoded.kind == "Status" || decoded.reason != nil
        {
            status = decoded
        } else {
            let text = String(decoding: body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            status = Status(
                message: text.isEmpty ? defaultMessage(code) : text, reason: defaultReason(code), code: code)
        }
        if status.code == nil { status.code = code }
        let headerRetry = headers.first { $0.key.lowercased() == "retry-after" }.flatMap {
            Int($0.value.trimmingCharacters(in: .whitespaces))
        }
        return .status(
            StatusError(
                httpCode: code, status: status, request: request,
                retryAfterSeconds: headerRetry ?? status.details?.retryAfterSeconds))
    }

    static func defaultReason(_ code: Int) -> String {
        switch code {
        case 400: return "BadRequest"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "NotFound"
        case 405: return "MethodNotAllowed"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 415: return "UnsupportedMediaType"
        case 422: return "Invalid"
        case 429: return "TooManyRequests"
        case 500: return "InternalError"
        case 503: return "ServiceUnavailable"
        case 504: return "Timeout"
        default: return "Unknown"
        }
    }

    static func defaultMessage(_ code: Int) -> String {
        switch code {
        case 401: return "the server has asked for the client to provide credentials"
        case 403: return "forbidden"
        case 404: return "the server could not find the requested resource"
        default: return "the server responded with HTTP \(code)"
        }
    }
}
