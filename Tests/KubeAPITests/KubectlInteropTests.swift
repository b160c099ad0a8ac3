import Foundation
import KubeAPI
import TestSupport
import Testing

/// Checks our resolution against kubectl's own on the same files (skipped without kubectl).
@Suite("kubectl agrees on configuration")
struct KubectlInteropTests {
    static let kubectlPath: String? = ["/usr/local/bin/kubectl", "/usr/bin/kubectl"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    private func kubectl(_ arguments: [String], environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.kubectlPath))
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.enabled(if: kubectlPath != nil)) func mergedKubeconfigMatchesKubectl() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try directory.write(
            "one/config",
            """
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters:
            - {name: shared, cluster: {server: "https://first.example:6443"}}
            contexts:
            - {name: dev, context: {cluster: shared, user: u, namespace: team-a}}
            users:
            - {name: u, user: {token: one}}
            """)
        let second = try directory.write(
            "two/config",
            """
            apiVersion: v1
            kind: Config
            current-context: prod
            clusters:
            - {name: shared, cluster: {server: "https://second.example:6443"}}
            - {name: prod, cluster: {server: "https://prod.example:6443"}}
            contexts:
            - {name: prod, context: {cluster: prod, user: u}}
            - {name: dev, context: {cluster: prod, user: u, namespace: team-b}}
            users:
            - {name: u, user: {token: two}}
            """)
        let variables = ["KUBECONFIG": "\(first):\(second)", "HOME": directory.file("home"), "PATH": "/usr/bin:/bin"]
        let loader = KubeConfigLoader(environment: isolatedEnvironment(directory, variables: variables))
        for context in [nil, "prod", "dev"] as [String?] {
            var arguments = ["config", "view", "--minify", "-o"]
            let contextArguments = context.map { ["--context", $0] } ?? []
            let server = try kubectl(
                arguments + ["jsonpath={.clusters[0].cluster.server}"] + contextArguments, environment: variables)
            arguments = ["config", "view", "--minify", "-o", "jsonpath={.contexts[0].context.namespace}"]
            let namespace = try kubectl(arguments + contextArguments, environment: variables)
            let ours = try loader.resolve(context: context)
            #expect(ours.server == server, "context \(context ?? "(current)")")
            #expect(ours.namespace == (namespace.isEmpty ? "default" : namespace))
        }
    }
}
