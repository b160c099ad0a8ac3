import Foundation

/// Settings of `kars-sre controller`. Every duration is configurable so tests run in seconds.
public struct ControllerConfiguration: Sendable {
    /// Where KarsSREActions, the kill switch, the lease and the writer account live.
    public var namespace: String
    /// This replica's name (leader election holder, event reporting instance, execution holder).
    public var identity: String
    public var writer: WriterIdentity
    public var ceilings: WriterCeilings
    public var protection: ProtectionPolicyCheck
    /// Healthy and quiet this long after an action means recovered (default 20 s).
    public var settle: TimeInterval
    /// No recovery this long after applying means Failed (default 5 minutes).
    public var recoveryTimeout: TimeInterval
    /// A workload still down this long after its cause was removed gets a RolloutRestart proposal.
    public var followUpAfter: TimeInterval
    /// Terminal actions are deleted this long after they ended (default 1 hour).
    public var retention: TimeInterval
    /// Every action is reconciled at least this often, and orphaned grants swept (default 30 s).
    public var resync: TimeInterval
    /// How often a waiting action's finding is re-checked (default 30 s).
    public var findingRecheck: TimeInterval
    public var budget: ExecutionBudget
    /// Execution attempts before an action is Failed.
    public var maxAttempts: Int
    /// Delay before the first retry of a failed attempt (doubles each time, capped at 30 s).
    public var retryBase: TimeInterval
    /// Attempts that failed on throttling, server errors or lost connections are retried beyond
    /// `maxAttempts` until this long after execution started (default 5 minutes): a flaky API
    /// server must not fail an approved action that a retry would complete.
    public var transientRetryWindow: TimeInterval = 300
    /// Delay after an unexpected reconcile error.
    public var errorRetry: TimeInterval
    /// Event look-back of the finding re-check and of the blocked-controller search.
    public var lookback: TimeInterval
    /// Leader election; nil runs as the only replica.
    public var leaderElection: LeaderElectionConfiguration?

    public init(
        namespace: String = "kars-sre", identity: String, writer: WriterIdentity = WriterIdentity(),
        ceilings: WriterCeilings = WriterCeilings(), protection: ProtectionPolicyCheck = ProtectionPolicyCheck(),
        settle: TimeInterval = 20, recoveryTimeout: TimeInterval = 300, followUpAfter: TimeInterval = 120,
        retention: TimeInterval = 3600, resync: TimeInterval = 30, findingRecheck: TimeInterval = 30,
        budget: ExecutionBudget = ExecutionBudget(), maxAttempts: Int = 5, retryBase: TimeInterval = 1,
        errorRetry: TimeInterval = 2, lookback: TimeInterval = 3600,
        leaderElection: LeaderElectionConfiguration? = nil
    ) {
        self.namespace = namespace
        self.identity = identity
        self.writer = writer
        self.ceilings = ceilings
        self.protection = protection
        self.settle = settle
        self.recoveryTimeout = recoveryTimeout
        self.followUpAfter = followUpAfter
        self.retention = retention
        self.resync = resync
        self.findingRecheck = findingRecheck
        self.budget = budget
        self.maxAttempts = maxAttempts
        self.retryBase = retryBase
        self.errorRetry = errorRetry
        self.lookback = lookback
        self.leaderElection = leaderElection
    }
}
