import Agent
import ArgumentParser
import ClusterState
import Diagnosis
import Foundation
import KubeAPI
import KubeModels

/// `kars-sre ask "QUESTION"`: one agent turn, scriptable (`-o json`).
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Ask the agent one question about the cluster; it answers using the read-only tools.",
        discussion: """
            The model calls the read-only tools (each checked by the tool policy and audited) and may propose a \
            typed fix as a KarsSREAction in phase Proposed; it can never approve or execute. Tool calls are \
            shown on standard error, the answer on standard output. Configure the model with flags, \
            KARS_SRE_LLM_* variables or ~/.kars-sre/config.yaml (see docs/agent.md).
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var agent: AgentOptions

    @Argument(help: "The question, e.g. \"why is research down in kars-research?\"")
    var question: [String]

    func run() async throws {
        let text = question.joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ValidationError("ask needs a question, e.g. kars-sre ask \"what is broken?\"") }
        let settings = try agent.settings()
        guard let provider = try settings.providerConfiguration() else {
            FileHandle.standardError.write(Data(SetupHelp.text.utf8))
            throw ExitCode(2)
        }
        let wiring = try await AgentWiring.make(global: global, agent: agent, settings: settings)
        let session = wiring.runtime.session(llm: HTTPLLMClient(configuration: provider))
        let json = global.output == .json
        let result: TurnResult
        do {
            result = try await session.ask(text) { event in
                switch event {
                case .text(let delta): if !json { FileHandle.standardOutput.write(Data(delta.utf8)) }
                case .toolCall(let name, let action, let decision):
                    AgentWiring.showToolCall(name: name, action: action, decision: decision)
                case .toolResult: break
                }
            }
        } catch {
            await wiring.shutdown()
            FileHandle.standardError.write(Data("Error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        await wiring.shutdown()
        if json {
            let calls: [JSONValue] = result.toolCalls.map { call in
                [
                    "tool": .string(call.tool), "action": .string(call.action),
                    "decision": .string(call.decision?.verdict ?? "error"),
                    "policy": call.decision?.policy.map(JSONValue.string) ?? .null, "isError": .bool(call.isError),
                    "resultBytes": .int(Int64(call.resultBytes)),
                ]
            }
            let output: JSONValue = [
                "answer": .string(result.answer), "model": .string(provider.model), "session": .string(wiring.runtime.session),
                "toolCalls": .array(calls),
                "usage": [
                    "prompt": .int(Int64(result.usage.prompt)), "completion": .int(Int64(result.usage.completion)),
                    "total": .int(Int64(result.usage.total)),
                ],
            ]
            print(output.jsonString(pretty: true))
        } else if !result.answer.hasSuffix("\n") {
            print("")
        }
    }
}

/// The agent's flags, shared by `ask`, `talk`, `mcp` and `policy`.
struct AgentOptions: ParsableArguments {
    @Option(name: .long, help: "Agent config file (YAML; default ~/.kars-sre/config.yaml when it exists).")
    var config: String?

    @Option(name: .long, help: "LLM provider: openai (any OpenAI-compatible server) or azure.")
    var llmProvider: String?

    @Option(name: .long, help: "LLM endpoint, e.g. https://api.openai.com/v1 or https://NAME.openai.azure.com.")
    var llmEndpoint: String?

    @Option(name: .long, help: "Model name (default gpt-5.4).")
    var llmModel: String?

    @Option(name: .long, help: "Azure OpenAI deployment (default: the model name).")
    var llmDeployment: String?

    @Option(name: .long, help: "Azure OpenAI api-version.")
    var llmApiVersion: String?

    @Option(name: .long, help: "Seconds to wait for one model answer.")
    var llmTimeout: Double?

    @Flag(name: .long, inversion: .prefixedNo, help: "Stream answers (server-sent events).")
    var stream: Bool?

    @Option(name: .long, help: "Tool policy profile (YAML or JSON; default: the built-in profile).")
    var policy: String?

    @Option(name: .long, help: "Daily token budget (default 2000000).")
    var tokenBudget: Int?

    @Flag(name: .long, help: "Refuse model answers without Azure prompt_filter_results annotations.")
    var requirePromptShields = false

    @Option(name: .long, help: "Where the token ledger and the audit log live (default ~/.kars-sre).")
    var stateDir: String?

    @Option(name: .long, help: "Read this snapshot instead of the live cluster (no logs, no proposals). Repeatable.")
    var snapshot: [String] = []

    /// Flags over environment over config file.
    func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AgentSettings {
        var flags = AgentSettings()
        flags.provider = llmProvider
        flags.endpoint = llmEndpoint
        flags.model = llmModel
        flags.deployment = llmDeployment
        flags.apiVersion = llmApiVersion
        flags.timeout = llmTimeout
        flags.stream = stream
        flags.policy = policy
        flags.tokenBudget = tokenBudget
        flags.requirePromptShields = requirePromptShields ? true : nil
        flags.stateDir = stateDir
        var file = AgentSettings()
        let env = AgentSettings.fromEnvironment(environment)
        let defaultDirectory = (stateDir ?? env.stateDir) ?? AgentSettings().resolvedStateDir
        if let path = config ?? environment["KARS_SRE_CONFIG"] {
            file = try AgentSettings.fromFile(path)
        } else if FileManager.default.fileExists(atPath: defaultDirectory + "/config.yaml") {
            file = try AgentSettings.fromFile(defaultDirectory + "/config.yaml")
        }
        if let tokenBudget, tokenBudget < 1 { throw ValidationError("--token-budget must be at least 1") }
        return flags.over(env).over(file)
    }
}

/// Builds the agent runtime for a command: the live cluster of the kubeconfig (or snapshots).
struct AgentWiring {
    let runtime: AgentRuntime
    let client: KubeClient?

    static func make(global: GlobalOptions, agent: AgentOptions, settings: AgentSettings) async throws -> AgentWiring {
        if !agent.snapshot.isEmpty {
            let state = try SnapshotLoader.load(paths: agent.snapshot, now: nil)
            return AgentWiring(runtime: try AgentRuntime(settings: settings, environment: ToolEnvironment(cluster: FixedClusterSource(state))), client: nil)
        }
        let config = try KubeConfigLoader().resolve(kubeconfig: global.kubeconfig, context: global.context, namespace: global.namespace)
        let client = try KubeClient(config: config)
        let scope = global.allNamespaces ? nil : global.namespace
        let environment = AgentRuntime.liveEnvironment(client: client, config: config, namespace: scope)
        return AgentWiring(runtime: try AgentRuntime(settings: settings, environment: environment), client: client)
    }

    func shutdown() async { try? await client?.shutdown() }

    /// One line on standard error per tool call: the action string and the policy decision.
    static func showToolCall(name: String, action: String, decision: PolicyDecision?) {
        let verdict = decision.map { "\($0.verdict)\($0.policy.map { " by \($0)" } ?? "")" } ?? "error"
        FileHandle.standardError.write(Data("  → \(action)  [\(verdict)]\n".utf8))
    }
}
