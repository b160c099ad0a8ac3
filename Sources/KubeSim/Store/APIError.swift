import KubeModels

/// An error the API answers with: an HTTP code and a `metav1.Status` body worded like the real
/// API server's, so that kubectl and clients print and classify it the same way.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: Status
    /// Extra response headers (e.g. `Retry-After`).
    public var headers: [(String, String)] = []

    public var code: Int { status.code ?? 500 }
    public var reason: String { status.reason ?? "" }
    public var message: String { status.message ?? "" }
    public var description: String { "\(code) \(reason): \(message)" }

    public init(code: Int, reason: String, message: String, details: StatusDetails? = nil) {
        status = Status(message: message, reason: reason, code: code, details: details)
    }

    static func details(_ resource: GroupResource, _ name: String, kind: String? = nil) -> StatusDetails {
        var details = StatusDetails(name: name.isEmpty ? nil : name, group: resource.group.isEmpty ? nil : resource.group, kind: kind ?? resource.resource)
        details.group = resource.group.isEmpty ? nil : resource.group
        return details
    }

    public static func notFound(_ resource: GroupResource, _ name: String) -> APIError {
        APIError(
            code: 404, reason: "NotFound", message: "\(resource) \"\(name)\" not found",
            details: details(resource, name))
    }

    public static func alreadyExists(_ resource: GroupResource, _ name: String) -> APIError {
        APIError(
            code: 409, reason: "AlreadyExists", message: "\(resource) \"\(name)\" already exists",
            details: details(resource, name))
    }

    public static func conflict(_ resource: GroupResource, _ name: String, _ why: String) -> APIError {
        APIError(
            code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on \(resource) \"\(name)\": \(why)",
            details: details(resource, name))
    }

    public static func staleUpdate(_ resource: GroupResource, _ name: String) -> APIError {
        conflict(
            resource, name,
            "the object has been modified; please apply your changes to the latest version and try again")
    }

    public static func forbidden(_ resource: GroupResource, _ name: String, _ why: String) -> APIError {
        let subject = name.isEmpty ? "\(resource)" : "\(resource) \"\(name)\""
        return APIError(
            code: 403, reason: "Forbidden", message: "\(subject) is forbidden: \(why)", details: details(resource, name))
    }

    public static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    public static func methodNotAllowed(_ message: String = "the server does not allow this method on the requested resource")
        -> APIError
    {
        APIError(code: 405, reason: "MethodNotAllowed", message: message)
    }

    public static func invalid(kind: String, group: String, name: String, causes: [FieldError]) -> APIError {
        let qualified = group.isEmpty ? kind : "\(kind).\(group)"
        let texts = causes.map(\.text)
        let joined = texts.count == 1 ? texts[0] : "[" + texts.joined(separator: ", ") + "]"
        var details = StatusDetails(
            name: name, group: group.isEmpty ? nil : group, kind: kind,
            causes: causes.map { StatusCause(reason: $0.type.causeReason, message: $0.causeMessage, field: $0.field) })
        details.group = group.isEmpty ? nil : group
        return APIError(
            code: 422, reason: "Invalid", message: "\(qualified) \"\(name)\" is invalid: \(joined)", details: details)
    }

    public static func gone(_ message: String) -> APIError {
        APIError(code: 410, reason: "Expired", message: message)
    }

    public static func internalError(_ message: String) -> APIError {
        APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }

    public static let unauthorized = APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")

    public static func pageNotFound() -> APIError {
        APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")
    }
}

/// One field-level validation error (`field.Error` of the real server).
public struct FieldError: Sendable, Equatable {
    /// The kinds of field errors, named and worded as `k8s.io/apimachinery/pkg/util/validation/field`.
    public enum ErrorType: Sendable, Equatable {
        case required, invalid, notSupported, duplicate, forbidden, tooLong, tooMany, typeInvalid

        var causeReason: String {
            switch self {
            case .required: return "FieldValueRequired"
            case .invalid: return "FieldValueInvalid"
            case .notSupported: return "FieldValueNotSupported"
            case .duplicate: return "FieldValueDuplicate"
            case .forbidden: return "FieldValueForbidden"
            case .tooLong: return "FieldValueTooLong"
            case .tooMany: return "FieldValueTooMany"
            case .typeInvalid: return "FieldValueTypeInvalid"
            }
        }
    }

    public var type: ErrorType
    public var field: String
    public var detail: String
    /// Rendered bad value (already quoted for strings), if the message shows one.
    public var value: String?

    public init(_ type: ErrorType, field: String, value: String? = nil, detail: String = "") {
        self.type = type
        self.field = field
        self.value = value
        self.detail = detail
    }

    var causeMessage: String {
        String(text.dropFirst(field.count + 2))
    }

    /// The message as `field.Error.Error()` prints it.
    public var text: String {
        var body: String
        switch type {
        case .required: body = "Required value"
        case .invalid: body = "Invalid value"
        case .notSupported: body = "Unsupported value"
        case .duplicate: body = "Duplicate value"
        case .forbidden: body = "Forbidden"
        case .tooLong: body = "Too long"
        case .tooMany: body = "Too many"
        case .typeInvalid: body = "Invalid value"
        }
        if let value, type != .required, type != .forbidden, type != .tooLong, type != .tooMany { body += ": \(value)" }
        if !detail.isEmpty { body += ": \(detail)" }
        return "\(field): \(body)"
    }
}
