import Foundation
import Yams

/// The agent's settings from flags, environment and the config file, merged in that order of
/// precedence. Every field is optional so that each layer only says what it sets.
public struct AgentSettings: Codable, Sendable, Equatable {
    public var provider: String?
    public var endpoint: String?
    public var model: String?
    public var apiKey: String?
    public var bearerToken: String?
    public var deployment: String?
    public var apiVersion: String?
    public var timeout: Double?
    public var maxRetries: Int?
    public var stream: Bool?
    public var tokenBudget: Int?
    public var requirePromptShields: Bool?
    public var policy: String?
    public var stateDir: String?
    public var auditMaxBytes: Int?
    public var resultBudget: Int?

    public init() {}

    /// The environment variables read, by field (key paths are immutable values).
    nonisolated(unsafe) public static let environmentNames: [(String, WritableKeyPath<AgentSettings, String?>)] = [
        ("KARS_SRE_LLM_PROVIDER", \.provider), ("KARS_SRE_LLM_ENDPOINT", \.endpoint), ("KARS_SRE_LLM_MODEL", \.model),
        ("KARS_SRE_LLM_API_KEY", \.apiKey), ("KARS_SRE_LLM_TOKEN", \.bearerToken),
        ("KARS_SRE_LLM_DEPLOYMENT", \.deployment), ("KARS_SRE_LLM_API_VERSION", \.apiVersion),
        ("KARS_SRE_POLICY", \.policy), ("KARS_SRE_STATE_DIR", \.stateDir),
    ]

    /// The settings the environment gives.
    public static func fromEnvironment(_ environment: [String: String]) -> AgentSettings {
        var settings = AgentSettings()
        for (name, path) in environmentNames {
            if let value = environment[name], !value.isEmpty { settings[keyPath: path] = value }
        }
        settings.tokenBudget = environment["KARS_SRE_TOKEN_BUDGET"].flatMap { Int($0.replacingOccurrences(of: "_", with: "")) }
        settings.requirePromptShields = environment["KARS_SRE_REQUIRE_PROMPT_SHIELDS"].flatMap(Self.bool)
        settings.stream = environment["KARS_SRE_LLM_STREAM"].flatMap(Self.bool)
        settings.timeout = environment["KARS_SRE_LLM_TIMEOUT"].flatMap(Double.init)
        return settings
    }

    /// The settings of a config file (YAML or JSON with these field names).
    public static func fromFile(_ path: String) throws -> AgentSettings {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AgentSetupError("cannot read the config file \(path)")
        }
        do {
            return try YAMLDecoder().decode(AgentSettings.self, from: String(decoding: data, as: UTF8.self))
        } catch {
            throw AgentSetupError("the config file \(path) could not be read: \(error)")
        }
    }

    /// Fields of `self`, else of `other`.
    public func over(_ other: AgentSettings) -> AgentSettings {
        var merged = self
        merged.provider = provider ?? other.provider
        merged.endpoint = endpoint ?? other.endpoint
        merged.model = model ?? other.model
        merged.apiKey = apiKey ?? other.apiKey
        merged.bearerToken = bearerToken ?? other.bearerToken
        merged.deployment = deployment ?? other.deployment
        merged.apiVersion = apiVersion ?? other.apiVersion
        merged.timeout = timeout ?? other.timeout
        merged.maxRetries = maxRetries ?? other.maxRetries
        merged.stream = stream ?? other.stream
        merged.tokenBudget = tokenBudget ?? other.tokenBudget
        merged.requirePromptShields = requirePromptShields ?? other.requirePromptShields
        merged.policy = policy ?? other.policy
        merged.stateDir = stateDir ?? other.stateDir
        merged.auditMaxBytes = auditMaxBytes ?? other.auditMaxBytes
        merged.resultBudget = resultBudget ?? other.resultBudget
        return merged
    }

    /// The state directory: budget ledger and audit log (default `~/.kars-sre`).
    public var resolvedStateDir: String {
        if let stateDir { return stateDir }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return home + "/.kars-sre"
    }

    /// The provider configuration, or nil when no endpoint is configured.
    public func providerConfiguration() throws -> ProviderConfiguration? {
        guard let endpoint, !endpoint.isEmpty else { return nil }
        let kind: ProviderConfiguration.Kind
        if let name = provider?.lowercased() {
            guard let parsed = ProviderConfiguration.Kind(rawValue: name == "azure-openai" ? "azure" : name) else {
                throw AgentSetupError("unknown LLM provider \(name): use openai (any OpenAI-compatible server) or azure")
            }
            kind = parsed
        } else {
            kind = endpoint.contains(".openai.azure.com") || deployment != nil ? .azure : .openai
        }
        var configuration = ProviderConfiguration(
            kind: kind, endpoint: endpoint, model: model ?? ProviderConfiguration.defaultModel, apiKey: apiKey,
            bearerToken: bearerToken, deployment: deployment)
        if let apiVersion { configuration.apiVersion = apiVersion }
        if let timeout { configuration.timeout = timeout }
        if let maxRetries { configuration.maxRetries = maxRetries }
        if let stream { configuration.stream = stream }
        return configuration
    }

    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: return nil
        }
    }
}

/// A setting that cannot be used, worded with what to do.
public struct AgentSetupError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The screen `talk` and `ask` show when no model is configured.
public enum SetupHelp {
    public static let text = """
        kars-sre talk needs a model, and none is configured.

        Point it at any OpenAI-compatible chat-completions endpoint with tool calling:
          export KARS_SRE_LLM_ENDPOINT=https://api.openai.com/v1     # or http://localhost:11434/v1 (Ollama),
          export KARS_SRE_LLM_API_KEY=...                            #    a vLLM or llama.cpp server
          export KARS_SRE_LLM_MODEL=gpt-5.4                          # the default model name

        Or an Azure OpenAI deployment:
          export KARS_SRE_LLM_PROVIDER=azure
          export KARS_SRE_LLM_ENDPOINT=https://NAME.openai.azure.com
          export KARS_SRE_LLM_DEPLOYMENT=gpt-5.4
          export KARS_SRE_LLM_API_KEY=...        # or KARS_SRE_LLM_TOKEN=<Entra ID bearer token>
          export KARS_SRE_LLM_API_VERSION=2024-10-21

        The same settings exist as flags (--llm-endpoint, --llm-model, --llm-provider, ...) and as a YAML file
        (~/.kars-sre/config.yaml or --config FILE: endpoint, model, provider, deployment, apiVersion,
        tokenBudget, requirePromptShields, policy). Details: docs/agent.md.

        No model needed: `kars-sre diagnose` finds the root causes of what is broken now with the same tools,
        and `kars-sre propose` shows the typed fix for each.

        """
}
