import ArgumentParser
import Foundation
import Remediation

/// `kars-sre approve ID`: records the approval and who gave it; the controller executes.
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a Proposed KarsSREAction (the approver's identity is recorded).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actions: ActionCommandOptions

    @Argument(help: "The action's ID (its name).")
    var id: String

    func run() async throws {
        let outcome = try await actions.withClient(global) { client, kube in
            let approver = try await actions.approver(global, client: kube)
            let action = try await client.approve(id, by: approver)
            var message = "approved \(action.name) (\(action.spec.action.type) \(action.targetDescription)) as \(approver)"
            if let preview = action.status.preview {
                message += "\n  preview: \(preview.summary)"
            } else {
                message += "\n  no preview yet: the controller makes the dry run before executing"
            }
            message += "\n  the controller executes it; follow with `kars-sre show \(action.name)`"
            return ActionOutcome(action, message: message)
        }
        try outcome.write(global.output)
    }
}
