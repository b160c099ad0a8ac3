import ClusterState
import Diagnosis
import Foundation
import Remediation

/// What the agent's tools read and the one thing they may write: the cluster (live or a snapshot),
/// container logs, cluster facts, and a proposer that creates KarsSREActions in phase Proposed.
/// Nothing here can approve or execute an action.
public struct ToolEnvironment: Sendable {
    public var cluster: any ClusterSource
    /// Container logs; nil when reading a snapshot (the tool then says logs need a live cluster).
    public var logs: (any PodLogSource)?
    /// `cluster_info`; nil offline.
    public var clusterInfo: (@Sendable () async -> ClusterInfo)?
    /// `propose_fix`; nil when proposing is not possible (offline).
    public var proposer: (any FixProposer)?
    /// The look-back window of `diagnose` (seconds).
    public var lookback: TimeInterval

    public init(
        cluster: any ClusterSource, logs: (any PodLogSource)? = nil,
        clusterInfo: (@Sendable () async -> ClusterInfo)? = nil, proposer: (any FixProposer)? = nil,
        lookback: TimeInterval = 3600
    ) {
        self.cluster = cluster
        self.logs = logs
        self.clusterInfo = clusterInfo
        self.proposer = proposer
        self.lookback = lookback
    }
}

/// Creates a KarsSREAction (phase Proposed, approval Pending) for the agent. Only creation: the
/// agent's identity cannot approve (RBAC and the admission policy), and this seam has no approve.
public protocol FixProposer: Sendable {
    func propose(_ draft: ActionDraft) async throws -> ProposalOutcome
}

/// The created (or already existing) action.
public struct ProposalOutcome: Sendable, Equatable {
    public var name: String
    public var namespace: String
    public var phase: String
    /// False when a live action for the same incident already existed.
    public var created: Bool

    public init(name: String, namespace: String, phase: String, created: Bool) {
        self.name = name
        self.namespace = namespace
        self.phase = phase
        self.created = created
    }
}

/// The proposer over Remediation's `ActionClient` (protection rules and dedupe included).
public struct ActionClientProposer: FixProposer {
    public let client: ActionClient

    public init(client: ActionClient) { self.client = client }

    public func propose(_ draft: ActionDraft) async throws -> ProposalOutcome {
        let creation = try await client.create(draft)
        return ProposalOutcome(
            name: creation.action.name, namespace: creation.action.namespace, phase: creation.action.phase.rawValue,
            created: creation.created)
    }
}
