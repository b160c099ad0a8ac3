import Foundation
import Remediation

/// What a request wants to do.
public enum ConsoleVerb: String, Sendable, Hashable {
    /// See pages, the JSON API and live updates.
    case read
    /// Approve or reject actions.
    case decide
}

/// The answer to "may this request do that?".
public enum AuthResult: Sendable, Equatable {
    case allowed(ApproverIdentity)
    /// No token, or the API server did not authenticate it (401).
    case unauthenticated(String)
    /// Authenticated, but RBAC does not allow it (403).
    case forbidden(user: String, reason: String)
}

/// The seam between the console and identity: local (the operator at the keyboard) or
/// TokenReview + SubjectAccessReview in-cluster; tests can put anything here.
public protocol ConsoleAuthenticator: Sendable {
    /// True when requests must carry a bearer token (the login page is offered).
    var needsToken: Bool { get }
    func authorize(token: String?, verb: ConsoleVerb) async -> AuthResult
}

/// Local mode: no token; every decision is recorded as the identity of the console's own
/// kubeconfig, as `kars-sre approve` would record it. Only sensible bound to localhost.
public struct LocalAuthenticator: ConsoleAuthenticator {
    public let identity: ApproverIdentity
    public var needsToken: Bool { false }

    public init(identity: ApproverIdentity) {
        self.identity = identity
    }

    public func authorize(token: String?, verb: ConsoleVerb) async -> AuthResult { .allowed(identity) }
}
