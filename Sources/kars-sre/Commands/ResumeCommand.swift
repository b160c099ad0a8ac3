import ArgumentParser
import Foundation
import Remediation

/// `kars-sre resume`: lifts the kill switch.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Lift the kill switch: approved KarsSREActions are executed again.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actions: ActionCommandOptions

    func run() async throws {
        try await KillSwitchToggle.set(paused: false, reason: nil, global: global, options: actions)
    }
}
