import Foundation
import KubeAPI
import KubeModels
import TestSupport
import Testing

@Suite("exec credential plugins")
struct ExecPluginTests {
    /// A real plugin: counts its runs in a file, records KUBERNETES_EXEC_INFO, prints an
    /// ExecCredential whose token carries the run number.
    static func writePlugin(in directory: TemporaryDirectory, expiration: String = "2030-01-01T00:00:00Z") throws
        -> String
    {
        try directory.write(
            "bin/fake-kubelogin",
            """
            #!/bin/sh
            echo run >> "$COUNTER_FILE"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "$COUNTER_FILE.info"
            echo "$@" > "$COUNTER_FILE.args"
            n=$(wc -l < "$COUNTER_FILE" | tr -d ' ')
            cat <<JSON
            {"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"token-$n","expirationTimestamp":"\(expiration)"}}
            JSON
            """, executable: true)
    }

    static func kubeconfig(command: String, counter: String, extra: String = "") -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: aks
        clusters: [{name: aks, cluster: {server: "https://aks.example:443", certificate-authority-data: \(KubeconfigFixtures.base64("CA"))}}]
        contexts: [{name: aks, context: {cluster: aks, user: aad}}]
        users:
        - name: aad
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: \(command)
              args: [get-token, --login, azurecli, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630]
              env:
              - {name: COUNTER_FILE, value: "\(counter)"}
              installHint: |
                kubelogin is not installed. See https://aka.ms/aks/kubelogin
              interactiveMode: Never
        \(extra)
        """
    }

    @Test func cachesUntilExpiryThenRunsAgain() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try Self.writePlugin(in: directory)
        let counter = directory.file("runs")
        // Relative command with a slash: resolved against the kubeconfig's directory.
        let path = try directory.write("config", Self.kubeconfig(command: "./bin/fake-kubelogin", counter: counter))
        let config = try KubeConfigLoader(environment: isolatedEnvironment(directory)).resolve(kubeconfig: path)
        let clock = TestClock(try #require(KubeTime.parse("2029-12-31T23:00:00Z")))
        let provider = CredentialProvider(source: config.credentials, environment: config.environment, clock: clock.now)

        #expect(try await provider.current().authorization == "Bearer token-1")
        clock.advance(1800)
        #expect(try await provider.current().authorization == "Bearer token-1")
        #expect(await provider.execRuns == 1)
        #expect(directory.read("runs.args")?.contains("get-token --login azurecli") == true)
        let info = try #require(directory.read("runs.info"))
        #expect(info.contains(#""kind":"ExecCredential""#) && info.contains("client.authentication.k8s.io/v1"))

        clock.advance(1801)  // past 2030-01-01T00:00:00Z
        #expect(try await provider.current().authorization == "Bearer token-2")
        #expect(await provider.execRuns == 2)

        await provider.invalidate()  // what a 401 does
        #expect(try await provider.current().authorization == "Bearer token-3")
        #expect(directory.read("runs")?.split(separator: "\n").count == 3)
    }

    @Test func concurrentCallersShareOneRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try Self.writePlugin(in: directory)
        let path = try directory.write(
            "config", Self.kubeconfig(command: "./bin/fake-kubelogin", counter: directory.file("runs")))
        let config = try KubeConfigLoader(environment: isolatedEnvironment(directory)).resolve(kubeconfig: path)
        let clock = TestClock(try #require(KubeTime.parse("2029-01-01T00:00:00Z")))
        let provider = CredentialProvider(source: config.credentials, environment: config.environment, clock: clock.now)
        let tokens = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<5 { group.addTask { try await provider.current().authorization } }
            return try await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(Set(tokens) == ["Bearer token-1"])
        #expect(await provider.execRuns == 1)
    }

    @Test func pluginFoundOnPath() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try Self.writePlugin(in: directory)
        let path = try directory.write(
            "config", Self.kubeconfig(command: "fake-kubelogin", counter: directory.file("runs")))
        let environment = isolatedEnvironment(directory, variables: ["PATH": "\(directory.file("bin")):/usr/bin:/bin"])
        let config = try KubeConfigLoader(environment: environment).resolve(kubeconfig: path)
        let provider = CredentialProvider(source: config.credentials, environment: config.environment)
        #expect(try await provider.current().authorization == "Bearer token-1")
    }

    @Test func missingBinaryNamesCommandAndInstallHint() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("config", Self.kubeconfig(command: "kubelogin", counter: directory.file("runs")))
        let environment = isolatedEnvironment(directory, variables: ["PATH": directory.file("empty-bin")])
        let config = try KubeConfigLoader(environment: environment).resolve(kubeconfig: path)
        let provider = CredentialProvider(source: config.credentials, environment: config.environment)
        await #expect {
            _ = try await provider.current()
        } throws: { error in
            "\(error)" == "exec credential plugin \"kubelogin\" (user \"aad\") was not found or is not executable; "
                + "kubelogin is not installed. See https://aka.ms/aks/kubelogin"
        }
    }

    @Test func failingPluginReportsExitCodeAndStderr() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "bin/broken", "#!/bin/sh\necho 'AADSTS700082: The refresh token has expired' >&2\nexit 3\n",
            executable: true)
        let path = try directory.write(
            "config", Self.kubeconfig(command: "./bin/broken", counter: directory.file("runs")))
        let config = try KubeConfigLoader(environment: isolatedEnvironment(directory)).resolve(kubeconfig: path)
        let provider = CredentialProvider(source: config.credentials, environment: config.environment)
        await #expect(
            throws: KubeConfigError.execPluginFailed(
                command: "./bin/broken", exitCode: 3, stderr: "AADSTS700082: The refresh token has expired")
        ) {
            _ = try await provider.current()
        }
    }

    @Test func invalidOutputDoesNotEchoSecrets() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "bin/wrong",
            """
            #!/bin/sh
            echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"super-secret"}}'
            """, executable: true)
        let path = try directory.write(
            "config", Self.kubeconfig(command: "./bin/wrong", counter: directory.file("runs")))
        let config = try KubeConfigLoader(environment: isolatedEnvironment(directory)).resolve(kubeconfig: path)
        let provider = CredentialProvider(source: config.credentials, environment: config.environment)
        await #expect {
            _ = try await provider.current()
        } throws: { error in
            let text = "\(error)"
            return text.contains("does not match") && !text.contains("super-secret")
        }
    }
}
