import Foundation
import KubeAPI

/// What the controller is built from: its API client and the seams tests replace.
public struct ControllerDependencies: Sendable {
    /// The controller's own identity (kars-sre-controller): reads, grants, status, events, lease.
    public var client: KubeClient
    /// Makes the writer's client from a minted token.
    public var writerFactory: any WriterClientFactory
    public var clock: any RemediationClock
    public var hook: any ExecutionHook
    /// The finding re-check; nil uses the diagnosis over the live cluster.
    public var findings: (any FindingCheck)?
    public var log: RemediationLogger

    public init(
        client: KubeClient, writerFactory: any WriterClientFactory, clock: any RemediationClock = SystemClock(),
        hook: any ExecutionHook = NoExecutionHook(), findings: (any FindingCheck)? = nil,
        log: @escaping RemediationLogger = RemediationLog.standardError
    ) {
        self.client = client
        self.writerFactory = writerFactory
        self.clock = clock
        self.hook = hook
        self.findings = findings
        self.log = log
    }
}
