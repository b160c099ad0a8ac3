import KubeModels

/// An object as kept by the store: the value, its serialized bytes (so a LIST is a concatenation)
/// and the resource version it was written at.
public struct StoredObject: Sendable {
    public let object: JSONValue
    public let encoded: [UInt8]
    public let resourceVersion: UInt64

    init(object: JSONValue, resourceVersion: UInt64) {
        self.object = object
        self.encoded = JSONWriter.encode(object)
        self.resourceVersion = resourceVersion
    }

    init(object: JSONValue, encoded: [UInt8], resourceVersion: UInt64) {
        self.object = object
        self.encoded = encoded
        self.resourceVersion = resourceVersion
    }
}

/// Namespace and name of an object within one resource; the namespace is `""` for cluster scope.
public struct ObjectKey: Hashable, Comparable, Sendable {
    public var namespace: String
    public var name: String

    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        lhs.namespace == rhs.namespace ? lhs.name < rhs.name : lhs.namespace < rhs.namespace
    }

    var token: String { "\(namespace)/\(name)" }
}

/// Options of every write, as the query parameters of the real API.
public struct WriteOptions: Sendable {
    /// `dryRun=All`: validate and admit, but persist nothing.
    public var dryRun: Bool
    public var fieldManager: String?
    /// `fieldValidation`: `Strict`, `Warn` or `Ignore`.
    public var fieldValidation: String?
    /// Keep `status` on create and accept status in a main-resource update (snapshot loading and
    /// in-process seeding). The HTTP API never sets this.
    public var preserveStatus: Bool
    /// `force=true` on server-side apply.
    public var force: Bool
    /// The subresource a write came through, as recorded in `managedFields` (e.g. `scale`).
    var recordedSubresource: String?

    public init(
        dryRun: Bool = false, fieldManager: String? = nil, fieldValidation: String? = nil, preserveStatus: Bool = false,
        force: Bool = false
    ) {
        self.dryRun = dryRun
        self.fieldManager = fieldManager
        self.fieldValidation = fieldValidation
        self.preserveStatus = preserveStatus
        self.force = force
    }

    /// In-process seeding: status kept as given.
    public static let seed = WriteOptions(preserveStatus: true)
}

/// Options of LIST and WATCH.
public struct ListOptions: Sendable {
    public var labelSelector: String?
    public var fieldSelector: String?
    public var limit: Int?
    public var continueToken: String?
    public var resourceVersion: String?
    public var allowWatchBookmarks: Bool
    public var timeoutSeconds: Int?
    /// `sendInitialEvents=true` (watch-list): ADDED for every object, then a BOOKMARK annotated
    /// `k8s.io/initial-events-end` when bookmarks are allowed.
    public var sendInitialEvents: Bool

    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil, continueToken: String? = nil,
        resourceVersion: String? = nil, allowWatchBookmarks: Bool = false, timeoutSeconds: Int? = nil,
        sendInitialEvents: Bool = false
    ) {
        self.sendInitialEvents = sendInitialEvents
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
        self.resourceVersion = resourceVersion
        self.allowWatchBookmarks = allowWatchBookmarks
        self.timeoutSeconds = timeoutSeconds
    }
}

/// `propagationPolicy` of a delete.
public enum PropagationPolicy: String, Sendable {
    case background = "Background"
    case foreground = "Foreground"
    case orphan = "Orphan"
}

/// Options of a DELETE (`metav1.DeleteOptions`).
public struct DeleteOptions: Sendable {
    public var gracePeriodSeconds: Int64?
    public var propagationPolicy: PropagationPolicy?
    public var preconditionUID: String?
    public var preconditionResourceVersion: String?
    public var dryRun: Bool

    public init(
        gracePeriodSeconds: Int64? = nil, propagationPolicy: PropagationPolicy? = nil, preconditionUID: String? = nil,
        preconditionResourceVersion: String? = nil, dryRun: Bool = false
    ) {
        self.gracePeriodSeconds = gracePeriodSeconds
        self.propagationPolicy = propagationPolicy
        self.preconditionUID = preconditionUID
        self.preconditionResourceVersion = preconditionResourceVersion
        self.dryRun = dryRun
    }
}

/// What a DELETE did: removed the object at once, or marked it for deletion (finalizers, grace).
public struct DeleteOutcome: Sendable {
    public var object: JSONValue
    public var removed: Bool
}

/// The patch formats of the API, by content type.
public enum PatchType: String, Sendable {
    case merge = "application/merge-patch+json"
    case json = "application/json-patch+json"
    case strategic = "application/strategic-merge-patch+json"
    case apply = "application/apply-patch+yaml"
}

/// One page of a LIST.
public struct ListResult: Sendable {
    public var items: [StoredObject]
    public var resourceVersion: UInt64
    public var continueToken: String?
    public var remainingItemCount: Int?
}

/// The kinds of watch events.
public enum WatchEventType: String, Sendable {
    case added = "ADDED"
    case modified = "MODIFIED"
    case deleted = "DELETED"
    case bookmark = "BOOKMARK"
    case error = "ERROR"
}

/// One event of a watch stream, already converted to the watched version.
public struct WatchEvent: Sendable {
    public var type: WatchEventType
    public var object: JSONValue
    public var encoded: [UInt8]
    public var resourceVersion: UInt64
}

/// One committed change, as the change feed delivers it to in-process controllers.
public struct StoreChange: Sendable {
    public var type: WatchEventType
    public var resource: GroupResource
    public var object: JSONValue
    public var oldObject: JSONValue?
    public var resourceVersion: UInt64
}
