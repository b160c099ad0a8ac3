import ArgumentParser
import Foundation
import KubeSim

/// `kars-sre sim`: the embedded simulated cluster (KubeSim).
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim", abstract: "Run KubeSim, an embedded Kubernetes-compatible API server.",
        subcommands: [SimUpCommand.self, SimStageCommand.self])
}

/// `kars-sre sim up`: serves KubeSim on 127.0.0.1 in the foreground until interrupted.
struct SimUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up", abstract: "Start KubeSim in the foreground and write a kubeconfig for it.")

    @Option(name: .long, help: "Port to listen on (0 picks a free one).")
    var port: Int = 6443

    @Option(name: .long, help: "Where to write the kubeconfig (default: ./kubesim.kubeconfig).")
    var kubeconfigOut: String = "kubesim.kubeconfig"

    @Option(name: .long, parsing: .upToNextOption, help: "Snapshot files (kubectl get -o json Lists) to seed the cluster with.")
    var load: [String] = []

    @Option(name: .long, help: "Fault injection, e.g. 429=0.1,500=0.05,503=0.05,latency=20-80ms,watch-cut=30s,watch-expire=60s,retry-after=1,seed=7.")
    var faults: String?

    @Option(name: .long, help: "Fixed admin token (random by default).")
    var token: String?

    @Flag(name: .long, help: "Remove pods bound to a node at once on delete instead of waiting for a kubelet.")
    var immediatePodDeletion = false

    @OptionGroup var simulation: SimControllerOptions

    func run() async throws {
        var options = KubeSimOptions(port: port, adminToken: token, snapshotFiles: load)
        if let faults {
            do { options.faults = try FaultOptions(spec: faults) } catch { throw ValidationError("\(error)") }
        }
        if immediatePodDeletion { options.store.podTermination = .immediate }
        let sim = try await KubeSim.start(options)
        let path = URL(fileURLWithPath: kubeconfigOut).standardizedFileURL.path
        try sim.writeKubeconfig(to: path)
        let banner = "KubeSim serving on \(sim.serverURL)\nexport KUBECONFIG=\(path)\n"
        FileHandle.standardOutput.write(Data(banner.utf8))
        let controllers = await simulation.start(on: sim, loaded: !load.isEmpty)
        while !Task.isCancelled {
            try await Task.sleep(for: .seconds(3600))
        }
        await controllers?.stop()
        await sim.stop()
    }
}
