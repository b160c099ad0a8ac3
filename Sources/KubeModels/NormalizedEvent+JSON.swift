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
        guard json["kind"]?.stringValue == "Event", let apiVersion = json["apiVersion"]?.stringValue else { return nil }
        let metadata = json["metadata"]
        func time(_ value: Node?) -> Date? { value?.timeValue }
        func reference(_ value: Node?) -> ObjectReference {
            var reference = ObjectReference(
                apiVersion: value?["apiVersion"]?.stringValue, kind: value?["kind"]?.stringValue,
                namespace: value?["namespace"]?.stringValue, name: value?["name"]?.stringValue, uid: value?["uid"]?.stringValue)
            reference.resourceVersion = value?["resourceVersion"]?.stringValue
            reference.fieldPath = value?["fieldPath"]?.stringValue
            return reference
        }
        let created = time(metadata?["creationTimestamp"])
        let series = json["series"]
        let isV1 = apiVersion == "events.k8s.io/v1"
        let eventTime = time(json["eventTime"])
        let first: Date?
        let last: Date?
        let count: Int64?
        let message: String
        let source: String
        let object: ObjectReference
        if isV1 {
            first = time(json["deprecatedFirstTimestamp"]) ?? eventTime ?? created
            last = time(series?["lastObservedTime"]) ?? time(json["deprecatedLastTimestamp"]) ?? eventTime ?? created
            count = series?["count"]?.intValue ?? json["deprecatedCount"]?.intValue
            message = json["note"]?.stringValue ?? ""
            source = json["reportingController"]?.stringValue ?? json["deprecatedSource"]?["component"]?.stringValue ?? ""
            object = reference(json["regarding"])
        } else {
            first = time(json["firstTimestamp"]) ?? eventTime ?? created
            last = time(series?["lastObservedTime"]) ?? time(json["lastTimestamp"]) ?? eventTime ?? time(json["firstTimestamp"]) ?? created
            count = series?["count"]?.intValue ?? json["count"]?.intValue
            message = json["message"]?.stringValue ?? ""
            source = json["source"]?["component"]?.stringValue ?? json["reportingComponent"]?.stringValue ?? ""
            object = reference(json["involvedObject"])
        }
        self.init(
            object: object, namespace: metadata?["namespace"]?.stringValue, name: metadata?["name"]?.stringValue ?? "",
            reason: json["reason"]?.stringValue ?? "", message: message, type: json["type"]?.stringValue ?? "Normal",
            count: max(Int(count ?? 1), 1), firstSeen: first, lastSeen: last, source: source,
            api: isV1 ? "events.k8s.io/v1" : "v1", uid: metadata?["uid"]?.stringValue)
    }
}
