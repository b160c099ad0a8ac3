import ClusterState
import Diagnosis
import Foundation
import KubeAPI
import KubeModels

/// Whether the finding an action was proposed for still holds.
public enum FindingVerdict: Sendable, Equatable {
    case holds
    /// The incident healed (the message says what is no longer found).
    case resolved(String)
    /// The action was not proposed from a finding (an explicit CLI action, an undo, a follow-up).
    case notApplicable
}

/// Re-checks an action's finding before it is applied (and while it waits for approval).
public protocol FindingCheck: Sendable {
    func verdict(for action: ActionObject, now: Date) async throws -> FindingVerdict
}

/// Re-runs the diagnosis on the target namespace (one LIST per kind) and looks for a finding of the
/// same class that still proposes the same action (type, namespace, name).
public struct DiagnosisFindingCheck: FindingCheck {
    public var client: KubeClient
    public var lookback: TimeInterval
    public var protection: ProtectionPolicy

    public init(client: KubeClient, lookback: TimeInterval = 3600, protection: ProtectionPolicy = ProtectionPolicy()) {
        self.client = client
        self.lookback = lookback
        self.protection = protection
    }

    public func verdict(for action: ActionObject, now: Date) async throws -> FindingVerdict {
        guard action.spec.undoOf == nil, action.spec.followUpOf == nil,
            let className = action.spec.diagnosis?.class, let findingClass = FindingClass(rawValue: className),
            let type = action.actionType?.diagnosisType
        else { return .notApplicable }
        let target = action.target
        let (state, _) = try await LiveLoader(client: client).load(namespace: target.namespace, now: now)
        let context = AnalysisContext(
            state: state, lookback: lookback, namespaces: [target.namespace], protection: protection)
        let report = Diagnoser().diagnose(context)
        let holds = report.findings.contains { finding in
            finding.class == findingClass && finding.action?.type == type
                && finding.action?.namespace == target.namespace && finding.action?.name == target.name
        }
        if holds { return .holds }
        return .resolved(
            "the diagnosis no longer finds \(className) with \(type.rawValue) \(target.namespace)/\(target.name): "
                + "the incident resolved itself")
    }
}

/// A check that always answers the same (tests, or `--no-finding-check`).
public struct FixedFindingCheck: FindingCheck {
    public var answer: FindingVerdict

    public init(_ answer: FindingVerdict) {
        self.answer = answer
    }

    public func verdict(for action: ActionObject, now: Date) async throws -> FindingVerdict { answer }
}
