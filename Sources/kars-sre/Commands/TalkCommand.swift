import Agent
import ArgumentParser
import Foundation

/// `kars-sre talk`: an interactive conversation with the agent, answers streamed.
struct TalkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "talk",
        abstract: "Talk with the agent about the cluster (interactive, streamed answers).",
        discussion: """
            Commands: /tools (the tools and the policy decision for each), /reset (forget the conversation), \
            /budget (tokens used today), /exit. Without a configured model it explains how to set one up.
            On a terminal, lines can be edited (arrows, Home/End, Ctrl-A/E/U/K/W) and earlier questions \
            recalled with up/down; they are kept in <state dir>/talk-history, except secret-looking \
            lines and lines starting with a space. Ctrl-D or Ctrl-C on an empty line leaves.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var agent: AgentOptions
    @Flag(
        inversion: .prefixedNo, help: "Keep questions in <state dir>/talk-history for up/down recall.")
    var history = true

    func run() async throws {
        let settings = try agent.settings()
        guard let provider = try settings.providerConfiguration() else {
            print(SetupHelp.text, terminator: "")
            return
        }
        let wiring = try await AgentWiring.make(global: global, agent: agent, settings: settings)
        let runtime = wiring.runtime
        let session = runtime.session(llm: HTTPLLMClient(configuration: provider))
        let reader = LineReaders.standard(
            history: history ? HistoryFile(stateDirectory: settings.resolvedStateDir) : nil)
        print(
            "kars-sre agent on \(provider.model) (\(provider.kind.rawValue)); session \(runtime.session). /tools /reset /budget /exit"
        )
        while true {
            print("")
            guard let line = await reader.read(prompt: "you> ") else { break }
            let input = line.trimmingCharacters(in: .whitespaces)
            if input.isEmpty { continue }
            switch input {
            case "/exit", "/quit":
                await wiring.shutdown()
                return
            case "/reset":
                await session.reset()
                print("Conversation forgotten.")
                continue
            case "/budget":
                let status = await runtime.budget.status()
                print(
                    "Tokens today: \(status.used) of \(status.limit) (\(status.remaining) left); resets \(ISO8601DateFormatter().string(from: status.resetsAt))."
                )
                continue
            case "/tools":
                for tool in runtime.runner(actor: "agent").tools {
                    let decision = runtime.policy.decide("tool:\(tool.name):*")
                    print(
                        "  \(tool.name.padding(toLength: 15, withPad: " ", startingAt: 0)) \(decision.verdict) (\(decision.policy ?? "no policy"))"
                    )
                }
                continue
            default:
                if input.hasPrefix("/") {
                    print("Unknown command \(input): /tools /reset /budget /exit")
                    continue
                }
            }
            FileHandle.standardOutput.write(Data("\nkars-sre> ".utf8))
            do {
                let result = try await session.ask(input) { event in
                    switch event {
                    case .text(let delta): FileHandle.standardOutput.write(Data(delta.utf8))
                    case .toolCall(let name, let action, let decision):
                        AgentWiring.showToolCall(name: name, action: action, decision: decision)
                    case .toolResult: break
                    }
                }
                if !result.answer.hasSuffix("\n") { print("") }
            } catch {
                print("")
                FileHandle.standardError.write(Data("Error: \(error.description)\n".utf8))
            }
        }
        await wiring.shutdown()
    }
}
