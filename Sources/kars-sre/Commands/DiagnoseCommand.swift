import ArgumentParser
import ClusterState
import Diagnosis
import Foundation
import KubeModels

/// `kars-sre diagnose`: every finding class over the cluster or a snapshot (DESIGN.md section 5).
struct DiagnoseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Find the root causes of what is broken now, with evidence and the typed fix for each.",
        discussion: """
            Reads the live cluster (one LIST per kind), or a `kubectl get -o json` snapshot with --snapshot.
            All namespaces are analysed unless -n is given. Exit status: 0 no findings, 1 findings, 2 error.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var source: ToolSourceOptions

    @Option(name: .long, help: "Look-back window for events, e.g. 60m, 2h, 90s.")
    var since: String = "60m"

    func run() async throws {
        let lookback = try DurationArgument.parse(since, option: "--since")
        let state: ClusterState
        do {
            state = try await source.load(global)
        } catch {
            // Exit status 1 means "findings", so failing to read the cluster is 2.
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let namespaces: Set<String>? = global.toolNamespace.map { [$0] }
        let context = AnalysisContext(state: state, lookback: lookback, namespaces: namespaces)
        let report = Diagnoser().diagnose(context)
        try OutputRendering.write(report, format: global.output) { style in report.renderText(style: style) }
        if !report.findings.isEmpty { throw ExitCode(1) }
    }
}

/// Parses `90s`, `15m`, `2h`, `1d` (and combinations like `1h30m`) for look-back options.
enum DurationArgument {
    static func parse(_ text: String, option: String) throws -> TimeInterval {
        var total: TimeInterval = 0
        var digits = ""
        for character in text {
            if character.isNumber {
                digits.append(character)
                continue
            }
            guard let value = Double(digits) else { throw invalid(text, option) }
            switch character {
            case "s": total += value
            case "m": total += value * 60
            case "h": total += value * 3600
            case "d": total += value * 86400
            default: throw invalid(text, option)
            }
            digits = ""
        }
        if !digits.isEmpty { throw invalid(text, option) }
        guard total > 0 else { throw invalid(text, option) }
        return total
    }

    private static func invalid(_ text: String, _ option: String) -> ValidationError {
        ValidationError("\(option) \(text) is not a duration: use a number with s, m, h or d, e.g. 60m")
    }
}
