import Foundation
import KubeModels

/// The `autoscaling/v1` Scale subresource: what `kubectl scale` reads and writes.
public struct Scale: Codable, Sendable, Hashable {
    /// The desired replica count.
    public struct Spec: Codable, Sendable, Hashable {
        public var replicas: Int?
    }

    /// The observed replica count and the pod selector (as a string).
    public struct ScaleStatus: Codable, Sendable, Hashable {
        public var replicas: Int?
        public var selector: String?
    }

    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta
    public var spec: Spec
    public var status: ScaleStatus?
}

/// A short-lived ServiceAccount token minted with TokenRequest: how the controller acts as the
/// one-shot writer identity. The description never shows the token.
public struct ServiceAccountToken: Sendable, Hashable, CustomStringConvertible {
    public var token: String
    public var expirationTimestamp: Date?

    public init(token: String, expirationTimestamp: Date?) {
        self.token = token
        self.expirationTimestamp = expirationTimestamp
    }

    public var description: String {
        "ServiceAccountToken(<redacted>, expires \(expirationTimestamp.map(KubeTime.format) ?? "unknown"))"
    }
}
