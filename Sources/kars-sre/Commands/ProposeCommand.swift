import ArgumentParser
import Diagnosis

/// `kars-sre propose [KIND/NAME]`: the typed action each finding would propose (creating the
/// KarsSREAction is the remediation's job).
struct ProposeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose",
        abstract: "Print the typed action the current findings would propose, and why none where none is.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var source: ToolSourceOptions

    @Argument(help: "Only the finding about this object, as KIND/NAME (e.g. deployment/web, service/checkout).")
    var target: String?

    @Option(name: .long, help: "Look-back window for events, e.g. 60m.")
    var since: String = "60m"

    @Flag(name: .long, help: "Create a KarsSREAction for each proposed action (or the explicit one given with --type).")
    var create = false

    @OptionGroup var explicit: ExplicitActionOptions
    @OptionGroup var actions: ActionCommandOptions

    func run() async throws {
        let parsedTarget = try target.map { text -> (kind: String, name: String) in
            let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("\(text) is not KIND/NAME, e.g. deployment/web")
            }
            return (parts[0], parts[1])
        }
        let lookback = try DurationArgument.parse(since, option: "--since")
        if create, explicit.isExplicit || !source.snapshot.isEmpty {
            return try await ProposalCreation.run(
                report: nil, explicit: explicit, fromSnapshot: !source.snapshot.isEmpty, global: global, options: actions)
        }
        let state = try await source.load(global)
        let namespaces: Set<String>? = global.toolNamespace.map { [$0] }
        let report = Diagnoser().diagnose(AnalysisContext(state: state, lookback: lookback, namespaces: namespaces))
        let proposals = ProposalReport(report: report, target: parsedTarget)
        if create {
            return try await ProposalCreation.run(
                report: (proposals, report.findings), explicit: explicit, fromSnapshot: false, global: global,
                options: actions)
        }
        try OutputRendering.write(proposals, format: global.output) { proposals.renderText(style: $0) }
    }
}
