import Agent
import ArgumentParser
import Foundation

/// `kars-sre policy check ACTION` and `policy show`: the tool policy, explained.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Explain the agent's tool policy.",
        subcommands: [PolicyCheckCommand.self, PolicyShowCommand.self])
}

/// `kars-sre policy check tool:logs:web-1`: the decision, the deciding policy and every match.
struct PolicyCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Decide an action string (tool:<name>:<argument>) and explain why.",
        discussion: """
            The highest-priority matching policy decides; deny wins a tie; no match denies. Exit status 0 when \
            allowed, 1 when denied.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var agent: AgentOptions

    @Argument(help: "The action string, e.g. tool:describe:deployment/web or tool:propose_fix:DeleteResourceQuota.")
    var action: String

    func run() async throws {
        let profile = try AgentRuntime.profile(try agent.settings())
        let decision = PolicyEngine(profile: profile).decide(action)
        if global.output == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(decision), as: UTF8.self))
        } else {
            print("\(decision.verdict.uppercased())  \(decision.action)")
            print("  \(decision.reason)")
            for match in decision.matches {
                print("  matched: policy \(match.policy) priority \(match.priority) \(match.denies ? "denies" : "allows") \(match.pattern)")
            }
        }
        if !decision.allowed { throw ExitCode(1) }
    }
}

/// `kars-sre policy show`: the profile in effect.
struct PolicyShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the tool policy profile in effect.")

    @OptionGroup var agent: AgentOptions

    func run() async throws {
        let settings = try agent.settings()
        if let path = settings.policy {
            _ = try PolicyProfile.load(path: path)
            print(String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self), terminator: "")
        } else {
            print(DefaultPolicyProfile.yaml, terminator: "")
        }
    }
}
