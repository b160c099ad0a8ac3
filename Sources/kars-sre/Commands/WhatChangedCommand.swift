import ArgumentParser
import Diagnosis

/// `kars-sre what-changed [--since 15m]`: recent warning and state-change events, collapsed and
/// grouped by root object, newest first.
struct WhatChangedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "what-changed",
        abstract: "Show what changed recently: warning and state-change events, grouped by root object.",
        discussion: """
            Reads both event APIs (core/v1 and events.k8s.io/v1). Keeps Warning events and the Normal events \
            that record a change of state (scaling, node status, evictions); --all keeps every event. \
            Identical events are collapsed into one line with their counts summed. The window ends at the \
            cluster's "now" (the snapshot's newest timestamp offline).
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var source: ToolSourceOptions

    @Option(name: .long, help: "Look-back window, e.g. 15m, 2h, 90s, 1d.")
    var since: String = "15m"

    @Flag(name: .long, help: "Include every Normal event, not only the notable ones.")
    var all = false

    func run() async throws {
        let window = try DurationArgument.parse(since, option: "--since")
        let state = try await source.load(global)
        let result = WhatChangedTool.whatChanged(in: state, window: window, namespace: global.toolNamespace, includeAllNormal: all)
        try OutputRendering.write(result, format: global.output)
    }
}
