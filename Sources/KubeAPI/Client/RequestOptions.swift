import Foundation
import KubeModels

/// Parameters of a LIST: selectors, pagination and consistency.
public struct ListOptions: Sendable, Hashable {
    /// How `resourceVersion` is interpreted (`resourceVersionMatch`).
    public enum ResourceVersionMatch: String, Sendable, Hashable {
        case notOlderThan = "NotOlderThan"
        case exact = "Exact"
    }

    public var labelSelector: String?
    public var fieldSelector: String?
    public var limit: Int?
    public var continueToken: String?
    public var resourceVersion: String?
    public var resourceVersionMatch: ResourceVersionMatch?
    public var timeoutSeconds: Int?

    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil, continueToken: String? = nil,
        resourceVersion: String? = nil, resourceVersionMatch: ResourceVersionMatch? = nil, timeoutSeconds: Int? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
        self.timeoutSeconds = timeoutSeconds
    }

    var queryItems: [QueryItem] {
        var items: [QueryItem] = []
        if let labelSelector, !labelSelector.isEmpty { items.append(QueryItem("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { items.append(QueryItem("fieldSelector", fieldSelector)) }
        if let limit { items.append(QueryItem("limit", String(limit))) }
        if let continueToken, !continueToken.isEmpty { items.append(QueryItem("continue", continueToken)) }
        if let resourceVersion { items.append(QueryItem("resourceVersion", resourceVersion)) }
        if let resourceVersionMatch { items.append(QueryItem("resourceVersionMatch", resourceVersionMatch.rawValue)) }
        if let timeoutSeconds { items.append(QueryItem("timeoutSeconds", String(timeoutSeconds))) }
        return items
    }
}

/// Parameters of a WATCH.
public struct WatchOptions: Sendable, Hashable {
    public var labelSelector: String?
    public var fieldSelector: String?
    /// Start after this version; nil or "" starts with synthetic ADDED events for current objects.
    public var resourceVersion: String?
    public var allowWatchBookmarks: Bool
    /// Server-side timeout; the server ends the watch cleanly after it (add jitter to spread load).
    public var timeoutSeconds: Int?

    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, resourceVersion: String? = nil,
        allowWatchBookmarks: Bool = true, timeoutSeconds: Int? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.resourceVersion = resourceVersion
        self.allowWatchBookmarks = allowWatchBookmarks
        self.timeoutSeconds = timeoutSeconds
    }

    var queryItems: [QueryItem] {
        var items = [QueryItem("watch", "1")]
        if let labelSelector, !labelSelector.isEmpty { items.append(QueryItem("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { items.append(QueryItem("fieldSelector", fieldSelector)) }
        if let resourceVersion, !resourceVersion.isEmpty { items.append(QueryItem("resourceVersion", resourceVersion)) }
        if allowWatchBookmarks { items.append(QueryItem("allowWatchBookmarks", "true")) }
        if let timeoutSeconds { items.append(QueryItem("timeoutSeconds", String(timeoutSeconds))) }
        return items
    }
}

/// Options common to every write (create, update, patch): server-side dry run and field ownership.
public struct WriteOptions: Sendable, Hashable {
    /// `dryRun=All`: the server validates and admits the change but persists nothing.
    public var dryRun: Bool
    public var fieldManager: String?
    /// `Strict`, `Warn` or `Ignore` unknown/duplicate fields.
    public var fieldValidation: String?

    public init(dryRun: Bool = false, fieldManager: String? = nil, fieldValidation: String? = nil) {
        self.dryRun = dryRun
        self.fieldManager = fieldManager
        self.fieldValidation = fieldValidation
    }

    public static let none = WriteOptions()
    public static let dryRun = WriteOptions(dryRun: true)

    var queryItems: [QueryItem] {
        var items: [QueryItem] = []
        if dryRun { items.append(QueryItem("dryRun", "All")) }
        if let fieldManager, !fieldManager.isEmpty { items.append(QueryItem("fieldManager", fieldManager)) }
        if let fieldValidation { items.append(QueryItem("fieldValidation", fieldValidation)) }
        return items
    }
}

/// The four PATCH flavours of the API, each with its content type.
public enum PatchType: Sendable, Hashable {
    /// RFC 7386 JSON merge patch.
    case merge
    /// RFC 6902 JSON patch (list of operations).
    case json
    /// Kubernetes strategic merge patch (built-in kinds only).
    case strategicMerge
    /// Server-side apply; requires a field manager. `force` takes ownership of conflicting fields.
    case apply(force: Bool)

    public var contentType: String {
        switch self {
        case .merge: return "application/merge-patch+json"
        case .json: return "application/json-patch+json"
        case .strategicMerge: return "application/strategic-merge-patch+json"
        case .apply: return "application/apply-patch+yaml"
        }
    }
}

/// Parameters of a DELETE, sent as a `DeleteOptions` body.
public struct DeleteOptions: Sendable, Hashable {
    /// What happens to dependents (pods of a ReplicaSet...): deleted before, after, or never.
    public enum PropagationPolicy: String, Sendable, Hashable {
        case foreground = "Foreground"
        case background = "Background"
        case orphan = "Orphan"
    }

    public var propagationPolicy: PropagationPolicy?
    public var gracePeriodSeconds: Int?
    /// Only delete if the object still has this UID.
    public var preconditionUID: String?
    /// Only delete if the object is still at this resourceVersion.
    public var preconditionResourceVersion: String?
    public var dryRun: Bool

    public init(
        propagationPolicy: PropagationPolicy? = nil, gracePeriodSeconds: Int? = nil, preconditionUID: String? = nil,
        preconditionResourceVersion: String? = nil, dryRun: Bool = false
    ) {
        self.propagationPolicy = propagationPolicy
        self.gracePeriodSeconds = gracePeriodSeconds
        self.preconditionUID = preconditionUID
        self.preconditionResourceVersion = preconditionResourceVersion
        self.dryRun = dryRun
    }

    /// True when a retry cannot delete a different object than intended.
    var hasPreconditions: Bool { preconditionUID != nil || preconditionResourceVersion != nil }

    var body: JSONValue {
        var object: [String: JSONValue] = ["apiVersion": .string("v1"), "kind": .string("DeleteOptions")]
        if let propagationPolicy { object["propagationPolicy"] = .string(propagationPolicy.rawValue) }
        if let gracePeriodSeconds { object["gracePeriodSeconds"] = .int(Int64(gracePeriodSeconds)) }
        if dryRun { object["dryRun"] = .array([.string("All")]) }
        var preconditions: [String: JSONValue] = [:]
        if let preconditionUID { preconditions["uid"] = .string(preconditionUID) }
        if let preconditionResourceVersion { preconditions["resourceVersion"] = .string(preconditionResourceVersion) }
        if !preconditions.isEmpty { object["preconditions"] = .object(preconditions) }
        return .object(object)
    }
}

/// Parameters of a pod log read.
public struct LogOptions: Sendable, Hashable {
    public var container: String?
    /// Logs of the previous (crashed) container instance.
    public var previous: Bool
    public var tailLines: Int?
    public var sinceSeconds: Int?
    public var limitBytes: Int?
    public var timestamps: Bool

    public init(
        container: String? = nil, previous: Bool = false, tailLines: Int? = nil, sinceSeconds: Int? = nil,
        limitBytes: Int? = nil, timestamps: Bool = false
    ) {
        self.container = container
        self.previous = previous
        self.tailLines = tailLines
        self.sinceSeconds = sinceSeconds
        self.limitBytes = limitBytes
        self.timestamps = timestamps
    }

    func queryItems(follow: Bool) -> [QueryItem] {
        var items: [QueryItem] = []
        if let container, !container.isEmpty { items.append(QueryItem("container", container)) }
        if previous { items.append(QueryItem("previous", "true")) }
        if let tailLines { items.append(QueryItem("tailLines", String(tailLines))) }
        if let sinceSeconds { items.append(QueryItem("sinceSeconds", String(sinceSeconds))) }
        if let limitBytes { items.append(QueryItem("limitBytes", String(limitBytes))) }
        if timestamps { items.append(QueryItem("timestamps", "true")) }
        if follow { items.append(QueryItem("follow", "true")) }
        return items
    }
}
