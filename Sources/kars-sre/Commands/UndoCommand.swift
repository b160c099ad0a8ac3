import ArgumentParser
import Foundation
import Remediation

/// `kars-sre undo ID`: proposes the inverse of an applied action, as a new action to approve.
struct UndoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Propose the inverse of an applied KarsSREAction (it needs its own approval).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actions: ActionCommandOptions

    @Argument(help: "The applied action's ID (its name).")
    var id: String

    @Option(name: .long, help: "Why (stored in the new action).")
    var rationale: String?

    func run() async throws {
        let outcome = try await actions.withClient(global) { client, _ in
            let creation = try await client.undo(id, rationale: rationale)
            let action = creation.action
            let verb = creation.created ? "proposed" : "already proposed as"
            return ActionOutcome(
                action, created: creation.created,
                message:
                    "\(verb) \(action.name): \(action.spec.action.type) \(action.targetDescription) (undo of \(id)); "
                    + "approve with `kars-sre approve \(action.name)`")
        }
        try outcome.write(global.output)
    }
}
