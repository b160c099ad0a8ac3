import Diagnosis
import Foundation
import KubeModels

/// A KarsSREAction about to be created: from a finding (`propose --create`, the watcher), from
/// explicit flags, from `undo`, or a controller follow-up. Free text is cleaned and capped to what
/// the CRD schema accepts.
public struct ActionDraft: Sendable, Hashable {
    public static let incidentLabel = "kars.azure.com/incident"
    public static let typeLabel = "kars.azure.com/action-type"
    public static let targetNamespaceLabel = "kars.azure.com/target-namespace"
    static let maxText = 4096
    static let maxEvidence = 50

    public var action: ActionSpec.Action
    public var diagnosis: KarsSREAction.DiagnosisSpec?
    public var rationale: String?
    public var ttlMinutes: Int?
    public var detector: ActionDetector
    public var incidentKey: String?
    public var undoOf: String?
    public var followUpOf: String?

    public init(
        action: ActionSpec.Action, diagnosis: KarsSREAction.DiagnosisSpec? = nil, rationale: String? = nil,
        ttlMinutes: Int? = nil, detector: ActionDetector, incidentKey: String? = nil, undoOf: String? = nil,
        followUpOf: String? = nil
    ) {
        self.action = action
        self.diagnosis = diagnosis
        self.rationale = rationale
        self.ttlMinutes = ttlMinutes
        self.detector = detector
        self.incidentKey = incidentKey
        self.undoOf = undoOf
        self.followUpOf = followUpOf
    }

    /// The draft for a finding's proposed action.
    public init(finding: Finding, action proposed: ProposedAction, detector: ActionDetector, ttlMinutes: Int? = nil) {
        let target = KarsSREAction.Target(
            namespace: proposed.namespace, name: proposed.name, kind: proposed.kind, container: proposed.container,
            image: proposed.image, replicas: proposed.replicas)
        let object = "\(finding.kind) \(finding.namespace.map { "\($0)/" } ?? "")\(finding.name)"
        self.init(
            action: ActionSpec.Action(type: proposed.type.rawValue, target: target),
            diagnosis: KarsSREAction.DiagnosisSpec(
                class: finding.class.rawValue, summary: finding.summary, evidence: finding.evidence),
            rationale: "\(finding.class.rawValue) on \(object): \(finding.summary)",
            ttlMinutes: ttlMinutes, detector: detector, incidentKey: proposed.incidentKey)
    }

    /// `Type/namespace/name`, the dedupe key.
    public var effectiveIncidentKey: String {
        incidentKey ?? "\(action.type)/\(action.target.namespace)/\(action.target.name)"
    }

    /// The spec as created: approval Pending, text cleaned.
    public var spec: ActionSpec {
        let cleanDiagnosis = diagnosis.map { diagnosis in
            KarsSREAction.DiagnosisSpec(
                class: diagnosis.class, summary: diagnosis.summary.map { ActionText.clip($0, limit: Self.maxText) },
                evidence: diagnosis.evidence.map { $0.prefix(Self.maxEvidence).map { ActionText.clip($0, limit: Self.maxText) } })
        }
        return ActionSpec(
            action: action, diagnosis: cleanDiagnosis, rationale: rationale.map { ActionText.clip($0, limit: Self.maxText) },
            ttlMinutes: ttlMinutes,
            source: KarsSREAction.Source(detector: detector.rawValue, incidentKey: ActionText.line(effectiveIncidentKey, limit: 512)),
            approval: ApprovalRecord(state: .pending), undoOf: undoOf, followUpOf: followUpOf)
    }

    /// The KarsSREAction object; named `name`, else generated from the type (`deletepod-x7k2p`).
    public func object(namespace: String, name: String? = nil) throws -> JSONValue {
        var metadata: [String: JSONValue] = [
            "namespace": .string(namespace),
            "labels": [
                Self.incidentLabel: .string(Self.labelHash(effectiveIncidentKey)),
                Self.typeLabel: .string(action.type.lowercased()),
                Self.targetNamespaceLabel: .string(action.target.namespace),
            ],
        ]
        if let name {
            metadata["name"] = .string(name)
        } else {
            metadata["generateName"] = .string(action.type.lowercased() + "-")
        }
        return [
            "apiVersion": .string(ActionObject.apiVersion), "kind": .string(ActionObject.kind),
            "metadata": .object(metadata), "spec": try JSONValue(encoding: spec),
        ]
    }

    /// A label-safe digest of an incident key (FNV-1a, 16 hex digits).
    public static func labelHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
