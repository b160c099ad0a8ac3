import ArgumentParser
import Foundation
import Remediation

/// `kars-sre reject ID --reason TEXT`.
struct RejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Reject a KarsSREAction that has not been executed, with a reason.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actions: ActionCommandOptions

    @Argument(help: "The action's ID (its name).")
    var id: String

    @Option(name: .long, help: "Why it is rejected (recorded in the action).")
    var reason: String

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--reason must say why")
        }
    }

    func run() async throws {
        let outcome = try await actions.withClient(global) { client, kube in
            let approver = try await actions.approver(global, client: kube)
            let action = try await client.reject(id, by: approver, reason: reason)
            return ActionOutcome(action, message: "rejected \(action.name) as \(approver): \(reason)")
        }
        try outcome.write(global.output)
    }
}
