import Foundation
import KubeAPI
import KubeModels

/// The Role and RoleBinding that let the writer identity do exactly one action: created in the
/// target namespace just before the write, deleted right after, labelled so that a sweep finds
/// any that a crash left behind.
public struct OneShotGrant: Sendable, Hashable {
    public static let oneShotLabel = "kars.azure.com/one-shot"
    public static let actionLabel = "kars.azure.com/action"
    public static let purposeLabel = "kars.azure.com/purpose"
    /// Label selector of every one-shot object.
    public static let selector = "\(oneShotLabel)=true"

    /// What the grant is for.
    public enum Purpose: String, Sendable {
        case preview, execute
    }

    public var name: String
    public var namespace: String
    public var actionName: String
    public var purpose: Purpose
    public var rules: [PolicyRule]
    public var writer: WriterIdentity

    public init(actionName: String, namespace: String, purpose: Purpose, rules: [PolicyRule], writer: WriterIdentity) {
        self.name = "kars-sre-oneshot-" + Self.suffix()
        self.namespace = namespace
        self.actionName = actionName
        self.purpose = purpose
        self.rules = rules
        self.writer = writer
    }

    static func suffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }

    /// `namespace/name`.
    public var key: String { "\(namespace)/\(name)" }

    var labels: [String: String] {
        [Self.oneShotLabel: "true", Self.actionLabel: String(actionName.prefix(63)), Self.purposeLabel: purpose.rawValue]
    }

    var metadata: ObjectMeta {
        ObjectMeta(
            name: name, namespace: namespace, labels: labels,
            annotations: ["kars.azure.com/description": "one-shot \(purpose.rawValue) grant for KarsSREAction \(actionName)"])
    }

    /// The Role: exactly the action's rules.
    public var role: Role { Role(metadata: metadata, rules: rules) }

    /// The RoleBinding of the Role to the writer ServiceAccount.
    public var binding: RoleBinding {
        RoleBinding(
            metadata: metadata, roleRef: RoleRef(kind: "Role", name: name),
            subjects: [Subject(kind: "ServiceAccount", name: writer.serviceAccount, namespace: writer.namespace)])
    }
}
