import ArgumentParser
import Foundation
import KubeAPI
import KubeModels
import Operations

/// `kars-sre run`: the in-cluster process (wiring only: the configuration model and the service
/// lifecycle are in the Operations target).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract:
            "Run in-cluster: controller, watcher and notifiers on the leader; console, /metrics and probes on every replica.",
        discussion: """
            Settings come from flags (--set KEY=VALUE and the named flags), then KARS_SRE_* environment
            variables, then the config file (--config or $KARS_SRE_RUN_CONFIG, YAML or JSON), then the
            defaults. They are validated at start; --check validates and prints them without running.
            --help-settings lists every setting. SIGTERM or SIGINT shuts down gracefully (the leader
            gives its Lease up).
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Config file (YAML or JSON; default $KARS_SRE_RUN_CONFIG).")
    var config: String?

    @Option(name: .customLong("set"), help: "Set any setting, e.g. --set controller.settle=30s (repeatable).")
    var assignments: [String] = []

    @Option(name: .long, help: "This replica's name (setting identity; default $POD_NAME).")
    var identity: String?

    @Option(name: .long, help: "Namespace of the KarsSREActions and the Lease (setting namespace).")
    var sreNamespace: String?

    @Option(name: .long, help: "Console address (setting console.host).")
    var host: String?

    @Option(name: .long, help: "Console port, 0 for a free one (setting console.port).")
    var port: String?

    @Option(name: .long, help: "Console authentication: token or local (setting console.auth).")
    var auth: String?

    @Flag(name: .long, help: "Run without leader election (only with exactly one replica).")
    var noLeaderElection = false

    @Flag(name: .long, help: "Validate the configuration, print it with where each value came from, and exit.")
    var check = false

    @Flag(name: .long, help: "List every setting with its environment variable and default, and exit.")
    var helpSettings = false

    /// The flag layer: named flags, then `--set` (a `--set` of the same key wins).
    func flagPairs() throws -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        if let identity { pairs.append(("identity", identity)) }
        if let namespace = sreNamespace ?? global.namespace { pairs.append(("namespace", namespace)) }
        if let host { pairs.append(("console.host", host)) }
        if let port { pairs.append(("console.port", port)) }
        if let auth { pairs.append(("console.auth", auth)) }
        if noLeaderElection { pairs.append(("leaderElection.enabled", "false")) }
        if global.allNamespaces {
            pairs.append(("watcher.include", "*"))
            pairs.append(("watcher.exclude", ""))
        }
        let explicit = try assignments.map(ConfigLayer.parseAssignment)
        let explicitKeys = Set(explicit.map(\.key))
        return pairs.filter { !explicitKeys.contains($0.key) } + explicit
    }

    func run() async throws {
        if helpSettings {
            print(RunSettingsTable.text)
            return
        }
        let environment = ProcessInfo.processInfo.environment
        let configuration: RunConfiguration
        do {
            configuration = try RunConfiguration.load(
                flags: try flagPairs(), environment: environment, configFile: config)
        } catch let error as RunConfigurationError {
            FileHandle.standardError.write(Data("kars-sre run: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if check {
            for entry in configuration.effective {
                print("\(entry.key)=\(entry.value)  (\(entry.source))")
            }
            print("configuration OK")
            return
        }
        let kube = try KubeConfigLoader().resolve(
            kubeconfig: global.kubeconfig, context: global.context, namespace: configuration.namespace)
        let log: @Sendable (String) -> Void = { line in
            FileHandle.standardError.write(Data("\(KubeTime.format(Date())) \(line)\n".utf8))
        }
        let process = RunProcess(configuration: configuration, kube: kube, environment: environment, log: log)
        let host =
            configuration.console.host.contains(":") ? "[\(configuration.console.host)]" : configuration.console.host
        do {
            try await process.run { port in
                FileHandle.standardOutput.write(Data("kars-sre console on http://\(host):\(port)/\n".utf8))
            }
        } catch let error as RunConfigurationError {
            FileHandle.standardError.write(Data("kars-sre run: \(error)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("kars-sre run failed: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
