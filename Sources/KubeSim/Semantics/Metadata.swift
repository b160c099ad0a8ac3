import Foundation
import KubeModels

/// Server-owned metadata: uid, timestamps, generation, generated names, managed fields.
enum Metadata {
    private static let nameAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    /// A random suffix as `generateName` gets (5 characters from the real alphabet).
    static func randomSuffix(length: Int = 5) -> String {
        String((0..<length).map { _ in nameAlphabet.randomElement() ?? "x" })
    }

    static func newUID() -> String { UUID().uuidString.lowercased() }

    static func timestamp(_ date: Date) -> JSONValue { .string(KubeTime.format(date)) }

    /// Fills what the server sets on create, and clears what a client may not set.
    static func prepareForCreate(_ object: inout JSONValue, type: ResourceType, now: Date) {
        var meta = object["metadata"]?.objectValue ?? [:]
        if meta["uid"]?.stringValue?.isEmpty ?? true { meta["uid"] = .string(newUID()) }
        if meta["creationTimestamp"]?.stringValue?.isEmpty ?? true { meta["creationTimestamp"] = timestamp(now) }
        meta["resourceVersion"] = nil
        meta["deletionTimestamp"] = nil
        meta["deletionGracePeriodSeconds"] = nil
        if type.tracksGeneration || type.customResource != nil {
            meta["generation"] = .int(1)
        } else {
            meta["generation"] = nil
        }
        if meta["labels"]?.objectValue?.isEmpty == true { meta["labels"] = nil }
        if meta["annotations"]?.objectValue?.isEmpty == true { meta["annotations"] = nil }
        object["metadata"] = .object(meta)
        if object["apiVersion"] == nil { object["apiVersion"] = .string(type.apiVersion) }
        if object["kind"] == nil { object["kind"] = .string(type.kind) }
    }

    /// The field manager of a write that names none: the user agent up to its first `/`, at most
    /// 128 characters, as the real server derives it.
    static func defaultManager(userAgent: String?) -> String? {
        guard let userAgent, !userAgent.isEmpty, let program = userAgent.split(separator: "/").first else { return nil }
        return String(program.prefix(128))
    }

    /// Why a new object's name is invalid for its resource, in the API server's words, or nil.
    /// RBAC objects are named by path segments (`system:controller:x`, `kars:sre-approver`);
    /// most other kinds need a DNS subdomain.
    static func nameProblem(_ name: String, resource: GroupResource) -> String? {
        switch resource {
        case .roles, .clusterroles, .rolebindings, .clusterrolebindings:
            if name == "." || name == ".." { return "may not be '\(name)'" }
            if name.contains("/") { return "may not contain '/'" }
            if name.contains("%") { return "may not contain '%'" }
            return nil
        case .events:
            return nil
        default:
            return isValidName(name) ? nil : ClusterStore.dnsMessage
        }
    }

    /// Whether a name is a valid DNS subdomain (the rule for most kinds).
    static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 45 || byte == 46
        }
        guard allowed, let first = name.utf8.first, let last = name.utf8.last else { return false }
        let alnum: (UInt8) -> Bool = { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }
        return alnum(first) && alnum(last)
    }
}
