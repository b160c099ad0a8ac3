import ArgumentParser
import Diagnosis
import Foundation

/// `kars-sre explain "TEXT"`: what a Kubernetes error message means, its likely causes and what to
/// check next, from the known-error corpus. Works offline; the text is only searched.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a Kubernetes error message: meaning, likely causes, next checks.",
        discussion: """
            Matches the text against a corpus of known kubelet, scheduler, controller, admission, runtime, \
            storage and API server messages. Pass the message quoted, or - to read it from standard input \
            (at most 64 KiB). `--list` shows every known pattern.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The error text (quote it), or - to read it from standard input.")
    var text: [String] = []

    @Option(name: .long, help: "How many matching patterns to show (best first).")
    var limit: Int = 5

    @Flag(name: .long, help: "List the known error patterns instead.")
    var list = false

    func run() async throws {
        if list {
            let corpus = ErrorCorpus.all
            try OutputRendering.write(corpus, format: global.output) { style in
                var table = TextTable(headers: ["Id", "Class", "Title"])
                for pattern in corpus {
                    table.append([TextCell(pattern.id), TextCell(pattern.findingClass?.rawValue ?? "-"), TextCell(pattern.title)])
                }
                return table.render(style: style)
            }
            return
        }
        let input: String
        if text == ["-"] {
            let data = FileHandle.standardInput.readData(ofLength: Explainer.maxInputBytes + 1)
            input = String(decoding: data, as: UTF8.self)
        } else {
            input = text.joined(separator: " ")
        }
        let result: ExplainResult
        do {
            result = try Explainer.explain(input, limit: max(limit, 1))
        } catch {
            throw ValidationError(error.description)
        }
        try OutputRendering.write(result, format: global.output)
    }
}
