import Agent
import Foundation

/// The agent behind the chat page, built from the same `AgentRuntime` as `kars-sre talk`: the
/// same tool policy, token budget, audit log and tool environment, and the Agent target's
/// `AgentSession` loop for every turn. The console offers the agent a narrower tool list than the
/// CLI: a tool that could change an approval or execute anything is never offered here, whatever
/// the policy profile allows (the catalogue has none today; this keeps it so).
public struct ConsoleChat: Sendable {
    /// What the page says it talks to, e.g. `gpt-5.4 (openai)`.
    public let model: String
    /// The tools offered to the model, and those withheld with the reason.
    public let tools: [AgentTool]
    public let withheld: [(name: String, reason: String)]
    let llm: any LLMClient
    let policy: PolicyEngine
    let environment: ToolEnvironment
    let budget: TokenBudget
    let audit: any AuditSink
    let resultBudget: Int
    let shields: PromptShields
    let maxSteps: Int

    public init(
        runtime: AgentRuntime, llm: any LLMClient, model: String? = nil, catalog: [AgentTool] = ToolCatalog.all,
        maxSteps: Int = 10
    ) {
        self.model = model ?? llm.modelName
        let split = ChatToolPolicy.split(catalog)
        self.tools = split.offered
        self.withheld = split.withheld
        self.llm = llm
        self.policy = runtime.policy
        self.environment = runtime.environment
        self.budget = runtime.budget
        self.audit = runtime.audit
        self.resultBudget = runtime.settings.resultBudget ?? 16 << 10
        self.shields = PromptShields(required: runtime.settings.requirePromptShields ?? false)
        self.maxSteps = maxSteps
    }

    /// The chat with the model `settings` configure (`KARS_SRE_LLM_*`, flags or the agent's
    /// config file), or nil when none is configured, in which case the page says how to configure
    /// one. `tools` builds the agent's cluster access; it is called only when a model is set.
    /// Throws when the settings are incomplete or contradictory, naming what to fix.
    public static func configured(
        settings: AgentSettings, tools: () throws -> ToolEnvironment
    ) throws -> ConsoleChat? {
        guard let provider = try settings.providerConfiguration() else { return nil }
        let runtime = try AgentRuntime(settings: settings, environment: try tools())
        return ConsoleChat(
            runtime: runtime, llm: HTTPLLMClient(configuration: provider),
            model: "\(provider.model) (\(provider.kind.rawValue))")
    }

    /// A fresh conversation for `user`: its own session id in the audit, actor `console:USER`.
    func session(user: String, id: String) -> AgentSession {
        let runner = ToolRunner(
            tools: tools, policy: policy, environment: environment, audit: audit, resultBudget: resultBudget,
            session: id, actor: "console:\(user)")
        return AgentSession(llm: llm, runner: runner, budget: budget, shields: shields, maxSteps: maxSteps)
    }

    /// The budget now (for the page).
    func budgetStatus() async -> TokenBudget.Status { await budget.status() }

    /// The policy's word on a tool (for the tool list on the page).
    func decision(for tool: AgentTool) -> PolicyDecision { policy.decide("tool:\(tool.name):*") }
}

/// Which tools the console may offer the agent: read-only ones, and `propose_fix` (which only
/// creates a KarsSREAction in phase Proposed). A tool whose name says it approves, rejects,
/// executes, undoes, pauses or resumes, or any other writing tool, is withheld.
public enum ChatToolPolicy {
    static let approvalChanging = [
        "approve", "reject", "execute", "undo", "pause", "resume", "apply", "patch", "delete",
    ]

    public static func split(_ catalog: [AgentTool]) -> (
        offered: [AgentTool], withheld: [(name: String, reason: String)]
    ) {
        var offered: [AgentTool] = []
        var withheld: [(name: String, reason: String)] = []
        for tool in catalog {
            let lowered = tool.name.lowercased()
            if let word = approvalChanging.first(where: { lowered.hasPrefix($0) || lowered.contains("_\($0)") }) {
                withheld.append(
                    (tool.name, "it would \(word): approvals and execution stay with people and the controller"))
            } else if !tool.readOnly && tool.name != "propose_fix" {
                withheld.append((tool.name, "it writes to the cluster; the console agent only reads and proposes"))
            } else {
                offered.append(tool)
            }
        }
        return (offered, withheld)
    }
}
