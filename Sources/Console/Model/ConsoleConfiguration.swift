import Foundation

/// Settings of `kars-sre serve`. Every window is configurable so tests run in seconds.
public struct ConsoleConfiguration: Sendable {
    /// Address to bind; 127.0.0.1 unless the operator asks otherwise (in-cluster: 0.0.0.0 behind a Service).
    public var host: String
    /// Port to listen on; 0 picks a free one.
    public var port: Int
    /// Where KarsSREActions live.
    public var namespace: String
    /// Who may look and who may decide.
    public var auth: AuthMode
    /// Failure events newer than this are "active incidents" (default 15 minutes).
    public var incidentWindow: TimeInterval
    /// Terminal actions that ended within this are "recent" (default 1 hour).
    public var recentWindow: TimeInterval
    /// A model name configured without an endpoint: the chat's setup page names it. The chat itself
    /// is `ConsoleService.chat`, built from the agent settings.
    public var chatModel: String?
    /// Secret the CSRF tokens are signed with (random per process unless given).
    public var csrfSecret: [UInt8]
    /// Coalesces bursts of watch events into one live update (default 0.2 s).
    public var updateCoalescing: TimeInterval
    /// Seconds between SSE keep-alive comments.
    public var keepAlive: TimeInterval

    public init(
        host: String = "127.0.0.1", port: Int = 8080, namespace: String = "kars-sre", auth: AuthMode = .local,
        incidentWindow: TimeInterval = 900, recentWindow: TimeInterval = 3600, chatModel: String? = nil,
        csrfSecret: [UInt8]? = nil, updateCoalescing: TimeInterval = 0.2, keepAlive: TimeInterval = 15
    ) {
        self.host = host
        self.port = port
        self.namespace = namespace
        self.auth = auth
        self.incidentWindow = incidentWindow
        self.recentWindow = recentWindow
        self.chatModel = chatModel
        self.csrfSecret = csrfSecret ?? (0..<32).map { _ in UInt8.random(in: 0...255) }
        self.updateCoalescing = updateCoalescing
        self.keepAlive = keepAlive
    }
}

/// How the console authenticates people.
public enum AuthMode: Sendable, Hashable {
    /// Bound to localhost for the operator at the keyboard: no token; decisions are recorded as the
    /// identity of the console's own kubeconfig (SelfSubjectReview).
    case local
    /// In-cluster: every page needs a bearer token (header, or the session cookie set by /login)
    /// that TokenReview authenticates; reading needs `list karssreactions` and deciding needs
    /// `patch karssreactions` in the actions namespace (SubjectAccessReview). The approval records
    /// the reviewed user.
    case tokenReview
}
