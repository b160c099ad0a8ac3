import Foundation
import Synchronization

/// Who a request comes from, as the real authenticator reports it.
public struct UserInfo: Sendable, Hashable {
    public var username: String
    public var uid: String
    public var groups: [String]
    public var extra: [String: [String]]

    public init(username: String, uid: String = "", groups: [String], extra: [String: [String]] = [:]) {
        self.username = username
        self.uid = uid
        self.groups = groups
        self.extra = extra
    }

    public var isAdmin: Bool { groups.contains("system:masters") }

    /// The ServiceAccount identity `system:serviceaccount:NS:NAME`.
    public static func serviceAccount(namespace: String, name: String, uid: String) -> UserInfo {
        UserInfo(
            username: "system:serviceaccount:\(namespace):\(name)", uid: uid,
            groups: ["system:serviceaccounts", "system:serviceaccounts:\(namespace)", "system:authenticated"])
    }

    public static let admin = UserInfo(username: "kubernetes-admin", groups: ["system:masters", "system:authenticated"])
}

/// Issues and checks bearer tokens: the admin token and ServiceAccount tokens minted by TokenRequest
/// (opaque random strings held in memory, with audiences and expiry).
public final class TokenAuthority: Sendable {
    /// A minted ServiceAccount token.
    public struct Grant: Sendable {
        public var namespace: String
        public var name: String
        public var uid: String
        public var audiences: [String]
        public var expires: Date
        public var user: UserInfo { .serviceAccount(namespace: namespace, name: name, uid: uid) }
    }

    public static let defaultAudience = "https://kubernetes.default.svc.cluster.local"

    /// The audiences the API server itself accepts (`--api-audiences`): a ServiceAccount token is
    /// valid for API requests only if it was minted for one of them.
    public static let apiAudiences = [defaultAudience]

    public let adminToken: String
    /// The clock expiry is checked against (tests move it instead of sleeping).
    public let now: @Sendable () -> Date
    private let grants = Mutex<[String: Grant]>([:])
    private let staticTokens = Mutex<[String: UserInfo]>([:])

    public init(adminToken: String? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.adminToken = adminToken ?? "kubesim-admin-" + TokenAuthority.randomHex(24)
        self.now = now
    }

    static func randomHex(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Mints a ServiceAccount token (`expirationSeconds` honoured).
    public func mint(namespace: String, name: String, uid: String, audiences: [String], expirationSeconds: Int64) -> (String, Grant) {
        let token = "kubesim-sa-" + Self.randomHex(24)
        let grant = Grant(
            namespace: namespace, name: name, uid: uid, audiences: audiences.isEmpty ? [Self.defaultAudience] : audiences,
            expires: now().addingTimeInterval(Double(expirationSeconds)))
        grants.withLock { $0[token] = grant }
        return (token, grant)
    }

    /// Registers a fixed token for an identity (tests, `--token` style setups).
    public func addStaticToken(_ token: String, user: UserInfo) {
        staticTokens.withLock { $0[token] = user }
    }

    /// The identity of a bearer token, and for ServiceAccount tokens the grant, if valid now.
    /// With `audiences`, a ServiceAccount token must also have been minted for one of them.
    public func authenticate(_ token: String, audiences: [String]? = nil) -> (UserInfo, Grant?)? {
        if token == adminToken { return (.admin, nil) }
        if let user = staticTokens.withLock({ $0[token] }) { return (user, nil) }
        guard let grant = grants.withLock({ $0[token] }), grant.expires > now() else { return nil }
        if let audiences, !grant.audiences.contains(where: audiences.contains) { return nil }
        return (grant.user, grant)
    }
}
