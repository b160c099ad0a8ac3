import ArgumentParser
import Diagnosis

/// `kars-sre image-probe IMAGE`: the closest images in use in the cluster, with where they run.
struct ImageProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image-probe",
        abstract: "Find the images in use closest to a reference (edit distance), with where each runs.",
        discussion: """
            Compares the full reference with every image of live pods and workload templates (Levenshtein \
            distance), nearest first, then most running. Useful when a pull fails with "not found": a \
            distance of 1-3 to an image that runs elsewhere usually means a typo.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var source: ToolSourceOptions

    @Argument(help: "The image reference, e.g. nginx:1.25.33.")
    var image: String

    @Option(name: .long, help: "How many candidates to list.")
    var limit: Int = 5

    @Option(name: .long, help: "Only list images within this edit distance.")
    var maxDistance: Int?

    func run() async throws {
        let state = try await source.load(global)
        let result = try runTool { () throws(ToolError) in
            try ImageProbe.probe(image, in: state, limit: limit, maxDistance: maxDistance)
        }
        try OutputRendering.write(result, format: global.output)
    }
}
