import Foundation
import KubeModels

/// Decodes the Kubernetes protobuf request bodies that kubectl's typed clients send
/// (`application/vnd.kubernetes.protobuf`) into JSON, for the kinds those commands create:
/// namespaces, service accounts, config maps, secrets, roles and bindings, token requests, the
/// self reviews, and (see `ProtobufSchemas`) deployments, jobs, cron jobs, services, quotas,
/// priority classes, pod disruption budgets and ingresses. Other kinds are answered 415 as by a
/// server without their protobuf codec.
enum ProtobufDecoding {
    indirect enum Field {
        case string(String)
        case int(String)
        case bool(String)
        case bytes(String)
        case message(String, [Int: Field])
        case repeatedString(String)
        case repeatedMessage(String, [Int: Field])
        case stringMap(String)
        case bytesMap(String)
        case time(String)
        /// `intstr.IntOrString` {type, intVal, strVal}.
        case intOrString(String)
        /// `map<string, resource.Quantity>`.
        case quantityMap(String)
        /// A message whose fields are inlined into the parent in JSON (`IngressRuleValue`).
        case inline([Int: Field])
    }

    static let objectMeta: [Int: Field] = [
        1: .string("name"), 2: .string("generateName"), 3: .string("namespace"), 5: .string("uid"),
        6: .string("resourceVersion"), 7: .int("generation"), 11: .stringMap("labels"), 12: .stringMap("annotations"),
        14: .repeatedString("finalizers"),
        13: .repeatedMessage("ownerReferences", [1: .string("kind"), 3: .string("name"), 4: .string("uid"), 5: .string("apiVersion"), 6: .bool("controller"), 7: .bool("blockOwnerDeletion")]),
    ]
    static let meta: Field = .message("metadata", objectMeta)
    static let policyRule: [Int: Field] = [
        1: .repeatedString("verbs"), 2: .repeatedString("apiGroups"), 3: .repeatedString("resources"),
        4: .repeatedString("resourceNames"), 5: .repeatedString("nonResourceURLs"),
    ]
    static let subject: [Int: Field] = [1: .string("kind"), 2: .string("apiGroup"), 3: .string("name"), 4: .string("namespace")]
    static let roleRef: [Int: Field] = [1: .string("apiGroup"), 2: .string("kind"), 3: .string("name")]

    static let kinds: [String: [Int: Field]] = baseKinds.merging(ProtobufSchemas.kinds) { first, _ in first }

    static let baseKinds: [String: [Int: Field]] = [
        "Namespace": [1: meta, 2: .message("spec", [1: .repeatedString("finalizers")])],
        "ServiceAccount": [1: meta, 4: .bool("automountServiceAccountToken"), 3: .repeatedMessage("imagePullSecrets", [1: .string("name")])],
        "ConfigMap": [1: meta, 2: .stringMap("data"), 3: .bytesMap("binaryData"), 4: .bool("immutable")],
        "Secret": [1: meta, 2: .bytesMap("data"), 3: .string("type"), 4: .stringMap("stringData"), 5: .bool("immutable")],
        "Role": [1: meta, 2: .repeatedMessage("rules", policyRule)],
        "ClusterRole": [1: meta, 2: .repeatedMessage("rules", policyRule)],
        "RoleBinding": [1: meta, 2: .repeatedMessage("subjects", subject), 3: .message("roleRef", roleRef)],
        "ClusterRoleBinding": [1: meta, 2: .repeatedMessage("subjects", subject), 3: .message("roleRef", roleRef)],
        "TokenRequest": [1: meta, 2: .message("spec", [1: .repeatedString("audiences"), 4: .int("expirationSeconds"), 3: .message("boundObjectRef", [1: .string("kind"), 2: .string("apiVersion"), 3: .string("name"), 4: .string("uid")])])],
        "SelfSubjectAccessReview": [1: meta, 2: .message("spec", [
            1: .message("resourceAttributes", [1: .string("namespace"), 2: .string("verb"), 3: .string("group"), 4: .string("version"), 5: .string("resource"), 6: .string("subresource"), 7: .string("name")]),
            2: .message("nonResourceAttributes", [1: .string("path"), 2: .string("verb")]),
        ])],
        "SelfSubjectReview": [1: meta],
        "SelfSubjectRulesReview": [1: meta, 2: .message("spec", [1: .string("namespace")])],
    ]

    /// Fields that are pointers in the Go types: written only when set, so a zero or false is meant.
    static let pointerFields: Set<String> = [
        "replicas", "terminationGracePeriodSeconds", "activeDeadlineSeconds", "revisionHistoryLimit", "progressDeadlineSeconds",
        "parallelism", "completions", "backoffLimit", "ttlSecondsAfterFinished", "startingDeadlineSeconds",
        "successfulJobsHistoryLimit", "failedJobsHistoryLimit", "priority", "backoffLimitPerIndex", "maxFailedIndexes",
        "expirationSeconds", "automountServiceAccountToken", "suspend", "enableServiceLinks", "manualSelector",
        "allocateLoadBalancerNodePorts", "immutable", "shareProcessNamespace", "controller", "blockOwnerDeletion",
    ]

    static func isProtobuf(_ contentType: String?) -> Bool {
        contentType?.hasPrefix("application/vnd.kubernetes.protobuf") ?? false
    }

    static func decode(_ bytes: [UInt8]) throws(APIError) -> JSONValue {
        guard bytes.count >= 4, Array(bytes[0..<4]) == [0x6B, 0x38, 0x73, 0x00] else {
            throw unsupported()
        }
        guard let envelope = try? fields(Array(bytes[4...])) else { throw unsupported() }
        var apiVersion = ""
        var kind = ""
        var raw: [UInt8] = []
        for (number, value) in envelope {
            if number == 1, case .bytes(let typeMeta) = value, let meta = try? fields(typeMeta) {
                for (inner, innerValue) in meta {
                    if case .bytes(let text) = innerValue {
                        if inner == 1 { apiVersion = String(decoding: text, as: UTF8.self) }
                        if inner == 2 { kind = String(decoding: text, as: UTF8.self) }
                    }
                }
            } else if number == 2, case .bytes(let body) = value {
                raw = body
            }
        }
        guard let schema = kinds[kind], var object = try? message(raw, schema: schema) else { throw unsupported() }
        object["apiVersion"] = .string(apiVersion)
        object["kind"] = .string(kind)
        return object
    }

    static func unsupported() -> APIError {
        APIError(
            code: 415, reason: "UnsupportedMediaType",
            message: "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml")
    }

    enum Wire { case varint(UInt64), bytes([UInt8]) }

    struct Malformed: Error {}

    static func fields(_ bytes: [UInt8]) throws -> [(Int, Wire)] {
        var result: [(Int, Wire)] = []
        var index = 0
        func varint() throws -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
                if shift > 63 { throw Malformed() }
            }
            throw Malformed()
        }
        while index < bytes.count {
            let key = try varint()
            let number = Int(key >> 3)
            switch key & 7 {
            case 0: result.append((number, .varint(try varint())))
            case 2:
                let length = Int(try varint())
                guard length >= 0, index + length <= bytes.count else { throw Malformed() }
                result.append((number, .bytes(Array(bytes[index..<(index + length)]))))
                index += length
            case 1: index += 8
            case 5: index += 4
            default: throw Malformed()
            }
        }
        return result
    }

    static func message(_ bytes: [UInt8], schema: [Int: Field]) throws -> JSONValue {
        var out: [String: JSONValue] = [:]
        for (number, wire) in try fields(bytes) {
            guard let field = schema[number] else { continue }
            switch (field, wire) {
            // Go's generated marshallers write zero values of non-pointer fields, which JSON omits.
            case (.string(let name), .bytes(let data)):
                if !data.isEmpty { out[name] = .string(String(decoding: data, as: UTF8.self)) }
            case (.bytes(let name), .bytes(let data)): out[name] = .string(Data(data).base64EncodedString())
            case (.int(let name), .varint(let value)):
                if value != 0 || pointerFields.contains(name) { out[name] = .int(Int64(bitPattern: value)) }
            case (.bool(let name), .varint(let value)):
                if value != 0 || pointerFields.contains(name) { out[name] = .bool(value != 0) }
            case (.time(let name), .bytes(let data)):
                let seconds = try fields(data).first { $0.0 == 1 }
                if case .varint(let value)? = seconds?.1 { out[name] = .string(KubeTime.format(Date(timeIntervalSince1970: Double(value)))) }
            case (.message(let name, let inner), .bytes(let data)): out[name] = try message(data, schema: inner)
            case (.repeatedString(let name), .bytes(let data)):
                out[name] = .array((out[name]?.arrayValue ?? []) + [.string(String(decoding: data, as: UTF8.self))])
            case (.repeatedMessage(let name, let inner), .bytes(let data)):
                out[name] = .array((out[name]?.arrayValue ?? []) + [try message(data, schema: inner)])
            case (.intOrString(let name), .bytes(let data)):
                var kind: UInt64 = 0
                var number: Int64 = 0
                var text = ""
                for (inner, innerWire) in try fields(data) {
                    switch (inner, innerWire) {
                    case (1, .varint(let value)): kind = value
                    case (2, .varint(let value)): number = Int64(Int32(truncatingIfNeeded: value))
                    case (3, .bytes(let bytes)): text = String(decoding: bytes, as: UTF8.self)
                    default: break
                    }
                }
                out[name] = kind == 1 ? .string(text) : .int(number)
            case (.quantityMap(let name), .bytes(let data)):
                var key = ""
                var value: JSONValue = "0"
                for (entryNumber, entryWire) in try fields(data) {
                    guard case .bytes(let bytes) = entryWire else { continue }
                    if entryNumber == 1 { key = String(decoding: bytes, as: UTF8.self) }
                    if entryNumber == 2, case .bytes(let text)? = try fields(bytes).first(where: { $0.0 == 1 })?.1 {
                        value = .string(String(decoding: text, as: UTF8.self))
                    }
                }
                var map = out[name]?.objectValue ?? [:]
                map[key] = value
                out[name] = .object(map)
            case (.inline(let inner), .bytes(let data)):
                for (key, value) in try message(data, schema: inner).objectValue ?? [:] { out[key] = value }
            case (.stringMap(let name), .bytes(let data)), (.bytesMap(let name), .bytes(let data)):
                var key = ""
                var value: JSONValue = ""
                for (entryNumber, entryWire) in try fields(data) {
                    guard case .bytes(let text) = entryWire else { continue }
                    if entryNumber == 1 { key = String(decoding: text, as: UTF8.self) }
                    if entryNumber == 2 {
                        if case .bytesMap = field {
                            value = .string(Data(text).base64EncodedString())
                        } else {
                            value = .string(String(decoding: text, as: UTF8.self))
                        }
                    }
                }
                var map = out[name]?.objectValue ?? [:]
                map[key] = value
                out[name] = .object(map)
            default:
                continue
            }
        }
        return .object(out)
    }
}
