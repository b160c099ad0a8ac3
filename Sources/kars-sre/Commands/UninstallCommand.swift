import ArgumentParser
import Foundation
import KubeAPI
import Operations

/// `kars-sre uninstall`: deletes the KarsSREActions first (so any finalizers resolve while the
/// controller and CRD still exist), then every object of the manifest in reverse install order.
struct UninstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall",
        abstract:
            "Remove kars-sre: its KarsSREActions first, then every object the manifest installs, in reverse order.")

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .long, help: "The rendered manifest, or a deploy directory (default: deploy/kars-sre.yaml, else deploy/)."
    )
    var manifest: String?

    @Option(name: .long, help: "Namespace of the KarsSREActions.")
    var sreNamespace: String = "kars-sre"

    @Option(name: .long, help: "How long to wait for the KarsSREActions to be gone.")
    var timeout: String = "2m"

    func run() async throws {
        let waitSeconds = try DurationArgument.parse(timeout, option: "--timeout")
        let set = try ManifestSet.load(try manifest ?? ManifestInstaller.defaultManifest())
        let client = try KubeClient.resolve(kubeconfig: global.kubeconfig, context: global.context)
        let say: @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data("\($0)\n".utf8)) }
        do {
            let removed = try await ManifestInstaller(client: client).uninstall(
                set, actionsNamespace: sreNamespace, timeout: waitSeconds, progress: say)
            say("uninstalled: \(removed.count) objects deleted")
            try? await client.shutdown()
        } catch {
            try? await client.shutdown()
            FileHandle.standardError.write(Data("uninstall failed: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
