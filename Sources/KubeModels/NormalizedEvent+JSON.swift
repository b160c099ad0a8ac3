import Foundation

extension NormalizedEvent {
    /// Normalises an event straight from its JSON (either API), without going through `Decodable`:
    /// events are most of a cluster's objects, so this is the hot path of building a state.
    /// Returns nil for objects that are not events.
    public init?(json: JSONValue) {
        self.init(node: json)
    }

    /// As `init?(json:)`, for a value read straight from the bytes.
    package init?(tape: JSONTapeNode) {
        self.init(node: tape)
    }

    private init?<Node: JSONNodeReading>(node json: Node) {
        guard json.member("kind")?.stringValue == "Event", let apiVersion = json.member("apiVersion")?.stringValue else { return nil }
        let metadata = json.member("metadata")
        func time(_ value: Node?) -> Date? { value?.timeValue }
        func reference(_ value: Node?) -> ObjectReference {
            var reference = ObjectReference(
                apiVersion: value?.member("apiVersion")?.stringValue, kind: value?.member("kind")?.stringValue,
                namespace: value?.member("namespace")?.stringValue, name: value?.member("name")?.stringValue, uid: value?.member("uid")?.stringValue)
            reference.resourceVersion = value?.member("resourceVersion")?.stringValue
            reference.fieldPath = value?.member("fieldPath")?.stringValue
            return reference
        }
        let created = time(metadata?.member("creationTimestamp"))
        let series = json.member("series")
        let isV1 = apiVersion == "events.k8s.io/v1"
        let eventTime = time(json.member("eventTime"))
        let first: Date?
        let last: Date?
        let count: Int64?
        let message: String
        let source: String
        let object: ObjectReference
        if isV1 {
            first = time(json.member("deprecatedFirstTimestamp")) ?? eventTime ?? created
            last = time(series?.member("lastObservedTime")) ?? time(json.member("deprecatedLastTimestamp")) ?? eventTime ?? created
            count = series?.member("count")?.intValue ?? json.member("deprecatedCount")?.intValue
            message = json.member("note")?.stringValue ?? ""
            source = json.member("reportingController")?.stringValue ?? json.member("deprecatedSource")?.member("component")?.stringValue ?? ""
            object = reference(json.member("regarding"))
        } else {
            first = time(json.member("firstTimestamp")) ?? eventTime ?? created
            last = time(series?.member("lastObservedTime")) ?? time(json.member("lastTimestamp")) ?? eventTime ?? time(json.member("firstTimestamp")) ?? created
            count = series?.member("count")?.intValue ?? json.member("count")?.intValue
            message = json.member("message")?.stringValue ?? ""
            source = json.member("source")?.member("component")?.stringValue ?? json.member("reportingComponent")?.stringValue ?? ""
            object = reference(json.member("involvedObject"))
        }
        self.init(
            object: object, namespace: metadata?.member("namespace")?.stringValue, name: metadata?.member("name")?.stringValue ?? "",
            reason: json.member("reason")?.stringValue ?? "", message: message, type: json.member("type")?.stringValue ?? "Normal",
            count: max(Int(count ?? 1), 1), firstSeen: first, lastSeen: last, source: source,
            api: isV1 ? "events.k8s.io/v1" : "v1", uid: metadata?.member("uid")?.stringValue)
    }
}
