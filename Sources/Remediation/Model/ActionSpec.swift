import Foundation
import KubeModels

/// `spec` of a KarsSREAction as the remediation reads and writes it: the fields of
/// `KubeModels.KarsSREAction.Spec` plus what approval, undo and follow-ups need (`approval.verified`,
/// `action.restore`, `undoOf`, `followUpOf`).
public struct ActionSpec: Codable, Sendable, Hashable {
    public var action: Action
    public var diagnosis: KarsSREAction.DiagnosisSpec?
    public var rationale: String?
    public var ttlMinutes: Int?
    public var source: KarsSREAction.Source?
    public var approval: ApprovalRecord?
    /// The action this one undoes.
    public var undoOf: String?
    /// The action whose recovery this follow-up RolloutRestart serves.
    public var followUpOf: String?

    public init(
        action: Action, diagnosis: KarsSREAction.DiagnosisSpec? = nil, rationale: String? = nil,
        ttlMinutes: Int? = nil, source: KarsSREAction.Source? = nil, approval: ApprovalRecord? = nil,
        undoOf: String? = nil, followUpOf: String? = nil
    ) {
        self.action = action
        self.diagnosis = diagnosis
        self.rationale = rationale
        self.ttlMinutes = ttlMinutes
        self.source = source
        self.approval = approval
        self.undoOf = undoOf
        self.followUpOf = followUpOf
    }

    /// `spec.action`: the type and its target fields.
    public struct Action: Codable, Sendable, Hashable {
        public var type: String
        public var target: KarsSREAction.Target
        /// The quota a RestoreResourceQuota re-creates.
        public var restore: QuotaRestoreSpec?

        public init(type: String, target: KarsSREAction.Target, restore: QuotaRestoreSpec? = nil) {
            self.type = type
            self.target = target
            self.restore = restore
        }
    }

    /// The default of `ttlMinutes`.
    public static let defaultTTLMinutes = 30

    /// The typed action, or nil for a type this build does not know.
    public var actionType: RemediationActionType? { RemediationActionType(rawValue: action.type) }

    /// The approval state (Pending when absent).
    public var approvalState: ApprovalState {
        approval.flatMap { ApprovalState(rawValue: $0.state) } ?? .pending
    }
}

/// `spec.approval`: the operator's decision and who made it.
public struct ApprovalRecord: Codable, Sendable, Hashable {
    public var state: String
    public var by: String?
    /// True when `by` came from SelfSubjectReview; false when it is the kubeconfig's user name,
    /// which the API server did not confirm.
    public var verified: Bool?
    public var reason: String?
    public var at: Date?

    public init(state: ApprovalState, by: String? = nil, verified: Bool? = nil, reason: String? = nil, at: Date? = nil) {
        self.state = state.rawValue
        self.by = by
        self.verified = verified
        self.reason = reason
        self.at = at
    }
}

/// The parts of a ResourceQuota needed to re-create it: the rollback data of DeleteResourceQuota and
/// the payload of RestoreResourceQuota.
public struct QuotaRestoreSpec: Codable, Sendable, Hashable {
    public var hard: [String: JSONValue]?
    public var scopes: [String]?
    public var scopeSelector: JSONValue?
    public var labels: [String: String]?
    public var annotations: [String: String]?

    public init(
        hard: [String: JSONValue]? = nil, scopes: [String]? = nil, scopeSelector: JSONValue? = nil,
        labels: [String: String]? = nil, annotations: [String: String]? = nil
    ) {
        self.hard = hard
        self.scopes = scopes
        self.scopeSelector = scopeSelector
        self.labels = labels
        self.annotations = annotations
    }

    /// Captures a live ResourceQuota (without server-managed metadata and status).
    public init(quota: JSONValue) {
        hard = quota[path: "spec", "hard"]?.objectValue
        scopes = quota[path: "spec", "scopes"]?.arrayValue?.compactMap(\.stringValue)
        scopeSelector = quota[path: "spec", "scopeSelector"]
        labels = quota[path: "metadata", "labels"]?.objectValue?.compactMapValues(\.stringValue)
        annotations = quota[path: "metadata", "annotations"]?.objectValue?.compactMapValues(\.stringValue)
            .filter { !$0.key.hasPrefix("kubectl.kubernetes.io/last-applied-configuration") }
    }

    /// `requests.memory=50Mi, pods=10`.
    public var hardDescription: String {
        (hard ?? [:]).sorted { $0.key < $1.key }.map { key, value in
            "\(key)=\(value.stringValue ?? value.intValue.map(String.init) ?? value.jsonString())"
        }.joined(separator: ", ")
    }
}
