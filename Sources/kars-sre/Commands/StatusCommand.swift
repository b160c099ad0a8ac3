import ArgumentParser
import Foundation
import KubeAPI
import Operations

/// `kars-sre status`: is kars-sre installed and working (CRD, Deployment readiness, leader,
/// pending approvals, kill switch).
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the installation: CRD, Deployment ready replicas, the leader, pending actions, the kill switch."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Namespace kars-sre is installed in.")
    var sreNamespace: String = "kars-sre"

    @Option(name: .long, help: "The kars-sre Deployment.")
    var deployment: String = "kars-sre"

    @Option(name: .long, help: "The leader-election Lease.")
    var lease: String = "kars-sre-controller"

    func run() async throws {
        let client = try KubeClient.resolve(kubeconfig: global.kubeconfig, context: global.context)
        let status: InstallStatus
        do {
            status = try await InstallStatus.read(
                client: client, namespace: sreNamespace, deployment: deployment, leaseName: lease)
        } catch {
            try? await client.shutdown()
            FileHandle.standardError.write(Data("status failed: \(error)\n".utf8))
            throw ExitCode(1)
        }
        try? await client.shutdown()
        switch global.output {
        case .text:
            print(status.text)
        case .json, .yaml:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(status), as: UTF8.self))
        }
    }
}
