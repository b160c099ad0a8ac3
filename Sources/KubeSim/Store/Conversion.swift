import KubeModels

/// Converts objects between the stored shape and the shape of the version a client asked for.
///
/// Exists because core/v1 and events.k8s.io/v1 Events are one store in two shapes, and custom
/// resources are served at several versions of one stored object.
enum Conversion {
    /// The object as served by `type` at `version`.
    static func present(_ object: JSONValue, as type: ResourceType, version: String?) -> JSONValue {
        let apiVersion = ResourceType.apiVersion(group: type.group, version: version ?? type.preferredVersion)
        if type.storage == .events, type.group == "events.k8s.io" {
            return coreEventToV1(object, apiVersion: apiVersion)
        }
        if object.apiVersionString == apiVersion { return object }
        var copy = object
        copy["apiVersion"] = .string(apiVersion)
        return copy
    }

    /// Whether `present` is the identity for this type and version (cached bytes can be used).
    static func isIdentity(_ type: ResourceType, version: String?) -> Bool {
        type.storage == type.groupResource && (version == nil || version == type.preferredVersion)
    }

    /// The object as the store keeps it.
    static func toStorage(_ object: JSONValue, from type: ResourceType) -> JSONValue {
        if type.storage == .events, type.group == "events.k8s.io" {
            return v1EventToCore(object)
        }
        return object
    }

    private static let sharedEventFields = ["reason", "type", "eventTime", "series", "action", "related", "reportingInstance"]

    static func coreEventToV1(_ event: JSONValue, apiVersion: String = "events.k8s.io/v1") -> JSONValue {
        var out: [String: JSONValue] = ["apiVersion": .string(apiVersion), "kind": "Event"]
        out["metadata"] = event["metadata"]
        for key in sharedEventFields { out[key] = event[key] }
        out["regarding"] = event["involvedObject"]
        out["note"] = event["message"]
        out["reportingController"] = event["reportingComponent"] ?? event[path: "source", "component"]
        if let source = event["source"], source.objectValue?.isEmpty == false { out["deprecatedSource"] = source }
        out["deprecatedFirstTimestamp"] = event["firstTimestamp"]
        out["deprecatedLastTimestamp"] = event["lastTimestamp"]
        out["deprecatedCount"] = event["count"]
        if out["reportingInstance"] == nil { out["reportingInstance"] = event[path: "source", "host"] }
        return .object(out.filter { !$0.value.isNull })
    }

    static func v1EventToCore(_ event: JSONValue) -> JSONValue {
        var out: [String: JSONValue] = ["apiVersion": "v1", "kind": "Event"]
        out["metadata"] = event["metadata"]
        for key in sharedEventFields { out[key] = event[key] }
        out["involvedObject"] = event["regarding"] ?? .object([:])
        out["message"] = event["note"]
        out["reportingComponent"] = event["reportingController"]
        out["source"] = event["deprecatedSource"] ?? .object([:])
        out["firstTimestamp"] = event["deprecatedFirstTimestamp"]
        out["lastTimestamp"] = event["deprecatedLastTimestamp"]
        out["count"] = event["deprecatedCount"]
        return .object(out.filter { !$0.value.isNull })
    }
}
