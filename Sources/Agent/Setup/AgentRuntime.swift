import ClusterState
import Diagnosis
import Foundation
import KubeAPI
import Remediation

/// Everything a session needs, built from settings: the policy, the budget ledger and audit log
/// in the state directory, the live tool environment over a KubeClient (or a snapshot), and, for
/// `ask` and `talk`, the model client.
public struct AgentRuntime: Sendable {
    public let settings: AgentSettings
    public let policy: PolicyEngine
    public let budget: TokenBudget
    public let audit: AuditLog
    public let environment: ToolEnvironment
    public let session: String

    public init(settings: AgentSettings, environment: ToolEnvironment, session: String = AgentRuntime.newSessionID()) throws {
        self.settings = settings
        self.policy = PolicyEngine(profile: try Self.profile(settings))
        let directory = settings.resolvedStateDir
        self.budget = TokenBudget(limit: settings.tokenBudget ?? TokenBudget.defaultDailyLimit, path: directory + "/token-budget.json")
        self.audit = AuditLog(path: directory + "/audit.jsonl", maxBytes: settings.auditMaxBytes ?? 10 << 20)
        self.environment = environment
        self.session = session
    }

    /// The policy profile: `policy` (a file) when set, else the default one.
    public static func profile(_ settings: AgentSettings) throws -> PolicyProfile {
        guard let path = settings.policy else { return DefaultPolicyProfile.profile }
        return try PolicyProfile.load(path: path)
    }

    /// The live tool environment: tools read through `client`, propose through an ActionClient
    /// (namespace kars-sre), logs through the pod log subresource.
    public static func liveEnvironment(
        client: KubeClient, config: KubeClientConfig?, namespace: String? = nil, now: (@Sendable () -> Date)? = nil
    ) -> ToolEnvironment {
        let clock: @Sendable () -> Date = now ?? { Date() }
        let source = LiveClusterSource(client: client, namespace: namespace, now: clock)
        var probe: (@Sendable () async -> ClusterInfo)?
        if let config {
            probe = { await ClusterInfo.probe(client: client, config: config, kubeconfigUser: nil) }
        }
        let proposer = ActionClientProposer(client: ActionClient(client: client))
        return ToolEnvironment(cluster: source, logs: KubeClientLogSource(client: client), clusterInfo: probe, proposer: proposer)
    }

    /// A tool runner for one actor (`agent`, `mcp`).
    public func runner(actor: String) -> ToolRunner {
        ToolRunner(
            policy: policy, environment: environment, audit: audit, resultBudget: settings.resultBudget ?? 16 << 10,
            session: session, actor: actor)
    }

    /// A chat session over `llm`.
    public func session(llm: any LLMClient, actor: String = "agent") -> AgentSession {
        AgentSession(
            llm: llm, runner: runner(actor: actor), budget: budget,
            shields: PromptShields(required: settings.requirePromptShields ?? false))
    }

    public static func newSessionID() -> String {
        String(UUID().uuidString.lowercased().prefix(8))
    }
}
