import Foundation

/// `metav1.ObjectMeta`: identity, labels, ownership and lifecycle of every Kubernetes object.
public struct ObjectMeta: Codable, Sendable, Hashable {
    public var name: String?
    public var generateName: String?
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    public var generation: Int64?
    public var creationTimestamp: Date?
    public var deletionTimestamp: Date?
    public var deletionGracePeriodSeconds: Int64?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public var ownerReferences: [OwnerReference]?
    public var finalizers: [String]?

    public init(
        name: String? = nil, namespace: String? = nil, labels: [String: String]? = nil,
        annotations: [String: String]? = nil
    ) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
    }

    /// The owner reference marked `controller: true`, if any.
    public var controllerReference: OwnerReference? {
        ownerReferences?.first { $0.controller == true }
    }
}

/// `metav1.OwnerReference`: the edge of the owner graph (ReplicaSet → Deployment, Pod → ReplicaSet).
public struct OwnerReference: Codable, Sendable, Hashable {
    public var apiVersion: String
    public var kind: String
    public var name: String
    public var uid: String
    public var controller: Bool?
    public var blockOwnerDeletion: Bool?

    public init(apiVersion: String, kind: String, name: String, uid: String, controller: Bool? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
    }
}

/// `corev1.ObjectReference`: how events and endpoints point at another object.
public struct ObjectReference: Codable, Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var namespace: String?
    public var name: String?
    public var uid: String?
    public var resourceVersion: String?
    public var fieldPath: String?

    public init(
        apiVersion: String? = nil, kind: String? = nil, namespace: String? = nil, name: String? = nil,
        uid: String? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
    }
}

/// `metav1.ListMeta`: pagination and consistency point of a LIST.
public struct ListMeta: Codable, Sendable, Hashable {
    public var resourceVersion: String?
    public var `continue`: String?
    public var remainingItemCount: Int64?

    public init(resourceVersion: String? = nil, continue token: String? = nil) {
        self.resourceVersion = resourceVersion
        self.continue = token
    }
}

/// A condition as most kinds report it (`type`, `status`, `reason`, `message`, times).
public struct Condition: Codable, Sendable, Hashable {
    public var type: String
    public var status: String
    public var reason: String?
    public var message: String?
    public var lastTransitionTime: Date?
    public var lastUpdateTime: Date?
    public var lastHeartbeatTime: Date?
    public var lastProbeTime: Date?
    public var observedGeneration: Int64?

    public init(type: String, status: String, reason: String? = nil, message: String? = nil, lastTransitionTime: Date? = nil) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
    }
}

extension Array where Element == Condition {
    /// The condition of the given type, if reported.
    public func condition(_ type: String) -> Condition? { first { $0.type == type } }
}

/// `metav1.Status`: the body of every API error (and of some successful deletes).
public struct Status: Codable, Sendable, Hashable, Error {
    public var kind: String?
    public var apiVersion: String?
    public var status: String?
    public var message: String?
    public var reason: String?
    public var details: StatusDetails?
    public var code: Int?

    public init(status: String = "Failure", message: String, reason: String, code: Int, details: StatusDetails? = nil) {
        self.kind = "Status"
        self.apiVersion = "v1"
        self.status = status
        self.message = message
        self.reason = reason
        self.code = code
        self.details = details
    }
}

/// `metav1.StatusDetails`: which object an error is about and why.
public struct StatusDetails: Codable, Sendable, Hashable {
    public var name: String?
    public var group: String?
    public var kind: String?
    public var uid: String?
    public var causes: [StatusCause]?
    public var retryAfterSeconds: Int?

    public init(name: String? = nil, group: String? = nil, kind: String? = nil, causes: [StatusCause]? = nil) {
        self.name = name
        self.group = group
        self.kind = kind
        self.causes = causes
    }
}

/// `metav1.StatusCause`: one field-level reason of an error.
public struct StatusCause: Codable, Sendable, Hashable {
    public var reason: String?
    public var message: String?
    public var field: String?

    public init(reason: String? = nil, message: String? = nil, field: String? = nil) {
        self.reason = reason
        self.message = message
        self.field = field
    }
}

/// Errors raised while interpreting Kubernetes JSON.
public enum KubeModelError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAKubernetesObject(reason: String)
    case invalidQuantity(String)
    case invalidSelector(String)

    public var description: String {
        switch self {
        case .notAKubernetesObject(let reason): return "not a Kubernetes object: \(reason)"
        case .invalidQuantity(let text): return "invalid resource quantity \"\(text)\""
        case .invalidSelector(let text): return "invalid selector: \(text)"
        }
    }
}
