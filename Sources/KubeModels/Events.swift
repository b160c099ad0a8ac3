import Foundation

/// `v1 Event` (core): what kubelet, scheduler and controllers say about an object.
public struct CoreEvent: KubeResourceModel, Hashable {
    public static let apiVersion = "v1"
    public static let kind = "Event"
    public var apiVersion: String? = CoreEvent.apiVersion
    public var kind: String? = CoreEvent.kind
    public var metadata: ObjectMeta
    public var involvedObject: ObjectReference
    public var reason: String?
    public var message: String?
    public var type: String?
    public var count: Int?
    public var firstTimestamp: Date?
    public var lastTimestamp: Date?
    public var eventTime: Date?
    public var series: EventSeries?
    public var source: EventSource?
    public var action: String?
    public var reportingComponent: String?
    public var reportingInstance: String?

    public init(metadata: ObjectMeta, involvedObject: ObjectReference, reason: String?, message: String?, type: String? = "Normal") {
        self.metadata = metadata
        self.involvedObject = involvedObject
        self.reason = reason
        self.message = message
        self.type = type
    }
}

/// `v1 EventSource`.
public struct EventSource: Codable, Sendable, Hashable {
    public var component: String?
    public var host: String?
    public init(component: String? = nil, host: String? = nil) {
        self.component = component
        self.host = host
    }
}

/// `EventSeries` (both APIs): a repeating event's count and last occurrence.
public struct EventSeries: Codable, Sendable, Hashable {
    public var count: Int?
    public var lastObservedTime: Date?
    public init(count: Int? = nil, lastObservedTime: Date? = nil) {
        self.count = count
        self.lastObservedTime = lastObservedTime
    }
}

/// `events.k8s.io/v1 Event`: the newer event API, same store, different field names.
public struct EventsV1Event: KubeResourceModel, Hashable {
    public static let apiVersion = "events.k8s.io/v1"
    public static let kind = "Event"
    public var apiVersion: String? = EventsV1Event.apiVersion
    public var kind: String? = EventsV1Event.kind
    public var metadata: ObjectMeta
    public var eventTime: Date?
    public var series: EventSeries?
    public var reportingController: String?
    public var reportingInstance: String?
    public var action: String?
    public var reason: String?
    public var regarding: ObjectReference?
    public var related: ObjectReference?
    public var note: String?
    public var type: String?
    public var deprecatedSource: EventSource?
    public var deprecatedFirstTimestamp: Date?
    public var deprecatedLastTimestamp: Date?
    public var deprecatedCount: Int?

    public init(metadata: ObjectMeta) { self.metadata = metadata }
}

/// One event as the product reasons about it, whichever API it came from.
public struct NormalizedEvent: Codable, Sendable, Hashable {
    /// The object the event is about.
    public var object: ObjectReference
    public var namespace: String?
    public var name: String
    public var reason: String
    public var message: String
    /// `Normal` or `Warning`.
    public var type: String
    public var count: Int
    public var firstSeen: Date?
    public var lastSeen: Date?
    /// The reporting component (`kubelet`, `replicaset-controller`, `default-scheduler`, ...).
    public var source: String
    /// Which API the event was read from: `v1` or `events.k8s.io/v1`.
    public var api: String
    public var uid: String?

    public init(
        object: ObjectReference, namespace: String?, name: String, reason: String, message: String, type: String,
        count: Int, firstSeen: Date?, lastSeen: Date?, source: String, api: String, uid: String? = nil
    ) {
        self.object = object
        self.namespace = namespace
        self.name = name
        self.reason = reason
        self.message = message
        self.type = type
        self.count = count
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.source = source
        self.api = api
        self.uid = uid
    }

    public var isWarning: Bool { type == "Warning" }

    /// The message without the aggregator's `(combined from similar events): ` prefix.
    public var plainMessage: String {
        let prefix = "(combined from similar events): "
        return message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message
    }

    public init(_ event: CoreEvent) {
        let last = event.series?.lastObservedTime ?? event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp
            ?? event.metadata.creationTimestamp
        let first = event.firstTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp
        self.init(
            object: event.involvedObject, namespace: event.metadata.namespace, name: event.name,
            reason: event.reason ?? "", message: event.message ?? "", type: event.type ?? "Normal",
            count: max(event.series?.count ?? event.count ?? 1, 1), firstSeen: first, lastSeen: last,
            source: event.source?.component ?? event.reportingComponent ?? "", api: "v1", uid: event.uid)
    }

    public init(_ event: EventsV1Event) {
        let last = event.series?.lastObservedTime ?? event.deprecatedLastTimestamp ?? event.eventTime
            ?? event.metadata.creationTimestamp
        let first = event.deprecatedFirstTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp
        self.init(
            object: event.regarding ?? ObjectReference(), namespace: event.metadata.namespace, name: event.name,
            reason: event.reason ?? "", message: event.note ?? "", type: event.type ?? "Normal",
            count: max(event.series?.count ?? event.deprecatedCount ?? 1, 1), firstSeen: first, lastSeen: last,
            source: event.reportingController ?? event.deprecatedSource?.component ?? "", api: "events.k8s.io/v1",
            uid: event.uid)
    }
}
