import Foundation
import KubeAPI
import KubeModels

/// One typed action: how it is validated, which exact permissions it needs, how it is previewed
/// with a server-side dry run, how it is applied with a write that cannot apply twice, how it is
/// recognised as already applied, and how it is undone. One implementation per file.
public protocol RemediationAction: Sendable {
    var type: RemediationActionType { get }
    /// Whether the target must exist before execution (false only for RestoreResourceQuota).
    var targetMustExist: Bool { get }
    /// The resource of the target object.
    func targetResource(_ target: KarsSREAction.Target) -> APIResource
    /// Field checks the schema cannot express; nil when valid.
    func validate(_ action: ActionSpec.Action) -> String?
    /// A protection refusal that needs the live target (a managed quota); nil otherwise.
    func refusal(_ action: ActionSpec.Action, live: JSONValue?, policy: ProtectionPolicyCheck) -> String?
    /// Other objects the action writes, found with the controller's read identity.
    func plan(_ action: ActionSpec.Action, reader: KubeClient, now: Date) async throws -> ActionPlan
    /// The rules of the one-shot Role: exactly the verbs needed on exactly these objects.
    func rules(_ action: ActionSpec.Action, plan: ActionPlan) -> [PolicyRule]
    /// The server-side dry run (`dryRun=All`), made as the writer identity.
    func preview(_ action: ActionSpec.Action, live: JSONValue?, plan: ActionPlan, writer: KubeClient, now: Date)
        async throws -> ActionPreview
    /// Why the live target no longer is what was previewed (TargetChanged), or nil.
    func drift(_ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?) -> String?
    /// Whether the live target already shows the action's effect.
    func isApplied(_ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?, execution: ExecutionContext)
        -> Bool
    /// The write, conditional on the previewed state so that it never applies twice.
    func apply(
        _ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?, execution: ExecutionContext,
        writer: KubeClient
    ) async throws
    /// Idempotent writes after the main one (the nudges of DeleteResourceQuota).
    func followThrough(_ action: ActionSpec.Action, plan: ActionPlan, execution: ExecutionContext, writer: KubeClient)
        async throws
    /// What undoing needs, from the live target just before the write (the preview when unknown).
    func rollback(_ action: ActionSpec.Action, preview: ActionPreview, live: JSONValue?) -> ActionRollback
    /// The inverse action `kars-sre undo` proposes; throws `notUndoable` when there is none.
    func inverse(_ action: ActionSpec.Action, rollback: ActionRollback?) throws -> ActionSpec.Action
}

extension RemediationAction {
    public var targetMustExist: Bool { true }

    public func refusal(_ action: ActionSpec.Action, live: JSONValue?, policy: ProtectionPolicyCheck) -> String? {
        nil
    }

    public func plan(_ action: ActionSpec.Action, reader: KubeClient, now: Date) async throws -> ActionPlan {
        ActionPlan()
    }

    public func followThrough(
        _ action: ActionSpec.Action, plan: ActionPlan, execution: ExecutionContext, writer: KubeClient
    ) async throws {}

    /// `Deployment kars-research/web`.
    func describe(_ target: KarsSREAction.Target) -> String {
        "\(targetResource(target).kind) \(target.namespace)/\(target.name)"
    }

    /// Refuses target fields that do not belong to this type, so a spec means one thing.
    func unexpectedFields(_ target: KarsSREAction.Target, allowed: Set<String>) -> String? {
        var present: [String] = []
        if target.kind != nil, !allowed.contains("kind") { present.append("kind") }
        if target.container != nil, !allowed.contains("container") { present.append("container") }
        if target.image != nil, !allowed.contains("image") { present.append("image") }
        if target.replicas != nil, !allowed.contains("replicas") { present.append("replicas") }
        guard !present.isEmpty else { return nil }
        return "\(type.rawValue) takes no \(present.joined(separator: ", ")) field"
    }
}

/// What an action writes besides its target, decided before the one-shot grant is made.
public struct ActionPlan: Sendable, Hashable {
    /// Controllers to nudge after a DeleteResourceQuota.
    public var companions: [WorkloadReference]

    public init(companions: [WorkloadReference] = []) {
        self.companions = companions
    }
}

/// A workload controller in the target namespace (`ReplicaSet/web-7d9f`).
public struct WorkloadReference: Codable, Sendable, Hashable, CustomStringConvertible {
    public var kind: String
    public var name: String

    public init(kind: String, name: String) {
        self.kind = kind
        self.name = name
    }

    /// The kinds a quota can block (they emit `FailedCreate`).
    public static let controllerKinds: [String: APIResource] = [
        "ReplicaSet": .replicaSets, "StatefulSet": .statefulSets, "DaemonSet": .daemonSets, "Job": .jobs,
    ]

    public var resource: APIResource? { Self.controllerKinds[kind] }
    public var description: String { "\(kind)/\(name)" }

    /// Parses `ReplicaSet/web-7d9f`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, Self.controllerKinds[parts[0]] != nil, !parts[1].isEmpty else { return nil }
        self.init(kind: parts[0], name: parts[1])
    }
}

extension PolicyRule {
    /// A rule on named objects of one resource (optionally a subresource).
    static func on(_ resource: APIResource, subresource: String? = nil, verbs: [String], names: [String]?)
        -> PolicyRule
    {
        let name = subresource.map { "\(resource.name)/\($0)" } ?? resource.name
        return PolicyRule(apiGroups: [resource.group], resources: [name], verbs: verbs, resourceNames: names)
    }
}

/// What an action's write knows about the execution it belongs to.
public struct ExecutionContext: Sendable, Hashable {
    /// The KarsSREAction's name.
    public var actionName: String
    public var record: ExecutionRecord

    public init(actionName: String, record: ExecutionRecord) {
        self.actionName = actionName
        self.record = record
    }

    /// The value every attempt writes (restart and nudge annotations): the first attempt's start time.
    public var stamp: String { record.stamp ?? record.attempt }
}
