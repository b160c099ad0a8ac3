import Foundation

/// `GET /version`: what the API server is (for compatibility checks and `kars-sre doctor`).
public struct ServerVersion: Codable, Sendable, Hashable {
    public var major: String
    public var minor: String
    public var gitVersion: String
    public var gitCommit: String?
    public var buildDate: String?
    public var goVersion: String?
    public var platform: String?
}

/// One API group from `/apis` (or the core group from `/api`), with its versions.
public struct APIGroupInfo: Sendable, Hashable {
    public var name: String
    public var versions: [String]
    public var preferredVersion: String?
}

/// One resource from `/apis/GROUP/VERSION`: enough to build an `APIResource` and to know
/// which verbs it supports.
public struct APIResourceInfo: Sendable, Hashable {
    public var name: String
    public var kind: String
    public var namespaced: Bool
    public var verbs: [String]
    public var shortNames: [String]
    public var group: String
    public var version: String

    /// Subresources appear as `pods/log`.
    public var isSubresource: Bool { name.contains("/") }

    public var resource: APIResource {
        APIResource(group: group, version: version, name: name, kind: kind, namespaced: namespaced)
    }
}
