import ArgumentParser
import Foundation
import KubeAPI
import Operations

/// `kars-sre install`: server-side apply of the rendered manifests (field manager kars-sre),
/// optionally waiting for the rollout, then the status.
struct InstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract:
            "Install kars-sre into the cluster: server-side apply of deploy/kars-sre.yaml, then wait for the rollout.")

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .long, help: "The rendered manifest, or a deploy directory (default: deploy/kars-sre.yaml, else deploy/)."
    )
    var manifest: String?

    @Flag(name: .long, help: "Wait until every Deployment of the manifest is rolled out.")
    var wait = false

    @Option(name: .long, help: "How long --wait waits.")
    var timeout: String = "5m"

    func run() async throws {
        let waitSeconds = try DurationArgument.parse(timeout, option: "--timeout")
        let set = try ManifestSet.load(try manifest ?? ManifestInstaller.defaultManifest())
        let client = try KubeClient.resolve(kubeconfig: global.kubeconfig, context: global.context)
        let installer = ManifestInstaller(client: client)
        let say: @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data("\($0)\n".utf8)) }
        do {
            let applied = try await installer.apply(set, progress: say)
            say("installed \(applied.count) objects from \(set.origin) (server-side apply, field manager kars-sre)")
            if wait {
                say("waiting for the rollout (up to \(timeout))")
                try await installer.waitForRollout(set, timeout: waitSeconds, progress: say)
                say("rolled out")
            }
            if let deployment = set.documents.first(where: { $0.kind == "Deployment" }) {
                let status = try await InstallStatus.read(
                    client: client, namespace: deployment.namespace ?? "kars-sre", deployment: deployment.name,
                    leaseName: "kars-sre-controller")
                say(status.text)
            }
            try? await client.shutdown()
        } catch {
            try? await client.shutdown()
            FileHandle.standardError.write(Data("install failed: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
