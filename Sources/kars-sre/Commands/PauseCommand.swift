import ArgumentParser
import Foundation
import Remediation

/// `kars-sre pause`: the kill switch; no action is executed until `resume`.
struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Stop all execution of KarsSREActions cluster-wide (the kill switch) until `kars-sre resume`.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actions: ActionCommandOptions

    @Option(name: .long, help: "Why (shown on every blocked action).")
    var reason: String?

    func run() async throws {
        try await KillSwitchToggle.set(paused: true, reason: reason, global: global, options: actions)
    }
}

/// Writes the kill switch as the caller.
enum KillSwitchToggle {
    static func set(paused: Bool, reason: String?, global: GlobalOptions, options: ActionCommandOptions) async throws {
        try await options.withClient(global) { _, kube in
            let who = try await options.approver(global, client: kube)
            let state = try await KillSwitch(client: kube, namespace: options.sreNamespace)
                .set(paused: paused, by: who.description, reason: reason)
            let text =
                state.paused
                ? "execution paused by \(who) (ConfigMap \(options.sreNamespace)/\(KillSwitch.configMapName)); "
                    + "approved actions wait until `kars-sre resume`"
                : "execution resumed by \(who)"
            try OutputRendering.write(state, format: global.output) { _ in text + "\n" }
        }
    }
}
