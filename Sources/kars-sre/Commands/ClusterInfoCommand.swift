import ArgumentParser

/// `kars-sre cluster-info`: server version, reachability, installed kars kinds and identity.
struct ClusterInfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster-info", abstract: "Show the API server, its version, the kars.azure.com kinds installed and who you are.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        throw ValidationError("cluster-info is not wired yet")
    }
}
