import ArgumentParser
import Foundation
import Remediation

/// `kars-sre show ID`: one action in full.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one KarsSREAction: diagnosis, rationale, preview, rollback and condition timeline.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actions: ActionCommandOptions

    @Argument(help: "The action's ID (its name).")
    var id: String

    func run() async throws {
        try await actions.withClient(global) { client, _ in
            let action = try await client.get(id)
            let events = (try? await client.events(of: action)) ?? []
            try OutputRendering.write(ActionDetail(action, events: events, now: Date()), format: global.output)
        }
    }
}
