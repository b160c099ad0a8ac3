import Foundation
import KubeAPI
import KubeModels

/// One KarsSREAction as read from the API server: typed spec and status over the raw object, so
/// status writes replace only `status` and never drop a field this build does not know.
public struct ActionObject: Sendable, Hashable {
    public static let resource = APIResource.karsSREActions
    public static let apiVersion = KarsSREAction.apiVersion
    public static let kind = KarsSREAction.kind

    /// The object as the server sent it.
    public var raw: JSONValue
    public var metadata: ObjectMeta
    public var spec: ActionSpec
    public var status: ActionStatus

    /// Decodes a KarsSREAction; fails with a readable message when spec is unusable.
    public init(raw: JSONValue) throws {
        self.raw = raw
        metadata = try (raw["metadata"] ?? .object([:])).decode(as: ObjectMeta.self)
        guard let specValue = raw["spec"] else { throw RemediationError.invalidObject("KarsSREAction has no spec") }
        do {
            spec = try specValue.decode(as: ActionSpec.self)
        } catch {
            throw RemediationError.invalidObject("KarsSREAction \(metadata.name ?? "?") has an unreadable spec: \(error)")
        }
        status = (try? raw["status"]?.decode(as: ActionStatus.self)) ?? ActionStatus()
    }

    public var name: String { metadata.name ?? "" }
    public var namespace: String { metadata.namespace ?? "" }
    public var resourceVersion: String? { metadata.resourceVersion }

    /// The phase; an object the controller has not seen yet counts as Proposed.
    public var phase: ActionPhase { status.phase.flatMap(ActionPhase.init(rawValue:)) ?? .proposed }
    public var actionType: RemediationActionType? { spec.actionType }
    public var target: KarsSREAction.Target { spec.action.target }
    public var detector: String { spec.source?.detector ?? "" }
    public var incidentKey: String? { spec.source?.incidentKey }
    public var ttlMinutes: Int { spec.ttlMinutes ?? ActionSpec.defaultTTLMinutes }
    public var createdAt: Date? { metadata.creationTimestamp }

    /// `kars-research/platform-hardening`.
    public var targetDescription: String { "\(target.namespace)/\(target.name)" }

    /// The object with `status` replaced, ready for a status update (keeps resourceVersion).
    public func withStatus(_ newStatus: ActionStatus) throws -> JSONValue {
        var object = raw
        object["status"] = try JSONValue(encoding: newStatus)
        return object
    }

    /// The KubeModels view (for code that reads `ClusterState.karsSREActions`).
    public var model: KarsSREAction {
        var approval: KarsSREAction.Approval?
        if let record = spec.approval {
            approval = KarsSREAction.Approval(state: record.state, by: record.by, reason: record.reason, at: record.at)
        }
        let modelSpec = KarsSREAction.Spec(
            action: KarsSREAction.ActionSpec(type: spec.action.type, target: spec.action.target),
            diagnosis: spec.diagnosis, rationale: spec.rationale, ttlMinutes: spec.ttlMinutes, source: spec.source,
            approval: approval)
        var modelStatus = KarsSREAction.Status(phase: status.phase)
        modelStatus.conditions = status.conditions
        modelStatus.preview = try? status.preview.map { try JSONValue(encoding: $0) }
        modelStatus.rollback = try? status.rollback.map { try JSONValue(encoding: $0) }
        modelStatus.appliedAt = status.appliedAt
        modelStatus.recoveredAt = status.recoveredAt
        modelStatus.message = status.message
        return KarsSREAction(metadata: metadata, spec: modelSpec, status: modelStatus)
    }
}
