import Agent
import ArgumentParser
import Foundation

/// `kars-sre mcp`: the agent's tools over the Model Context Protocol on stdio, with the same
/// policy and audit log.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp", abstract: "Serve the read-only tools and propose_fix over MCP (stdio), policy-checked and audited.",
        discussion: """
            Add it to an MCP client as a stdio server: command `kars-sre`, arguments `mcp` (plus --kubeconfig, \
            --policy, ...). Standard output carries the protocol only; diagnostics go to standard error.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var agent: AgentOptions

    func run() async throws {
        let settings = try agent.settings()
        let wiring = try await AgentWiring.make(global: global, agent: agent, settings: settings)
        let server = MCPToolServer(runner: wiring.runtime.runner(actor: "mcp"), version: KarsSREVersion.current)
        do {
            try await server.serveStdio()
        } catch {
            FileHandle.standardError.write(Data("Error: mcp server stopped: \(error)\n".utf8))
            await wiring.shutdown()
            throw ExitCode(1)
        }
        await wiring.shutdown()
    }
}
