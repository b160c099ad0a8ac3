import Foundation
import KubeAPI
import TestSupport
import Testing

@Suite("kubeconfig resolution")
struct KubeConfigResolutionTests {
    @Test func kindClusterWithClientCertificateData() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pki = try TestPKI()
        let client = try pki.clientIdentity()
        let path = try directory.write(
            "home/.kube/config",
            KubeconfigFixtures.kind(server: "https://127.0.0.1:42155", caPEM: pki.caCertificatePEM, client: client))
        let config = try KubeConfigLoader(environment: isolatedEnvironment(directory)).resolve()
        #expect(config.server == "https://127.0.0.1:42155")
        #expect(config.namespace == "default")
        #expect(config.contextName == "kind-dev")
        #expect(config.tls.certificateAuthorityPEM == Data(pki.caCertificatePEM.utf8))
        #expect(config.tls.clientCertificate?.certificate == Data(client.certificatePEM.utf8))
        #expect(config.tls.clientCertificate?.key == Data(client.keyPEM.utf8))
        #expect(config.origin.description == "kubeconfig \(path), context kind-dev")
        // Secrets never show up in descriptions.
        #expect(!config.description.contains("PRIVATE KEY"))
        #expect(!String(describing: config.tls.clientCertificate).contains("PRIVATE KEY"))
    }

    @Test func aksWithKubeloginExecAndNamespaceOverride() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("aks.yaml", KubeconfigFixtures.aksKubelogin)
        let loader = KubeConfigLoader(environment: isolatedEnvironment(directory))
        let config = try loader.resolve(kubeconfig: path)
        #expect(config.server == "https://aks-prod-dns-4f2a9c1e.hcp.westeurope.azmk8s.io:443")
        #expect(config.namespace == "payments")
        guard case .exec(let spec) = config.credentials else {
            Issue.record("expected exec credentials, got \(config.credentials)")
            return
        }
        #expect(spec.config.command == "kubelogin")
        #expect(spec.config.apiVersion == "client.authentication.k8s.io/v1beta1")
        #expect(
            spec.config.args == [
                "get-token", "--login", "azurecli", "--server-id", "6dae42f8-4368-4678-94ff-3960e28e3630",
            ])
        #expect(spec.config.installHint?.contains("https://aka.ms/aks/kubelogin") == true)
        #expect(spec.config.provideClusterInfo == false)
        #expect(spec.userName == "clusterUser_rg-prod_aks-prod")
        let overridden = try loader.resolve(kubeconfig: path, namespace: "kube-system")
        #expect(overridden.namespace == "kube-system")
    }

    @Test func eksWithAWSExecV1beta1AndEnv() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("eks.yaml", KubeconfigFixtures.eksAWS)
        let config = try KubeConfigLoader(environment: isolatedEnvironment(directory)).resolve(kubeconfig: path)
        guard case .exec(let spec) = config.credentials else {
            Issue.record("expected exec credentials")
            return
        }
        #expect(spec.config.command == "aws")
        #expect(spec.config.args.contains("--cluster-name"))
        #expect(spec.config.env == [ExecEnvVar(name: "AWS_PROFILE", value: "prod-admin")])
        #expect(config.contextName == "arn:aws:eks:eu-west-1:123456789012:cluster/prod")
    }

    @Test func gkePluginWithClusterInfo() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("gke.yaml", KubeconfigFixtures.gke)
        let config = try KubeConfigLoader(environment: isolatedEnvironment(directory)).resolve(kubeconfig: path)
        guard case .exec(let spec) = config.credentials else {
            Issue.record("expected exec credentials")
            return
        }
        #expect(spec.config.command == "gke-gcloud-auth-plugin")
        #expect(spec.config.provideClusterInfo)
        #expect(spec.config.interactiveMode == "IfAvailable")
        #expect(spec.clusterInfo["server"] == "https://34.77.12.34")
        #expect(spec.clusterInfo["certificate-authority-data"] != nil)
    }

    @Test func mergedKubeconfigFirstFileWins() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let first = try directory.write(
            "a/config",
            """
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters:
            - name: shared
              cluster: {server: "https://first.example:6443", insecure-skip-tls-verify: true}
            contexts:
            - name: dev
              context: {cluster: shared, user: dev-user, namespace: dev}
            users:
            - name: dev-user
              user: {token: first-token}
            """)
        let second = try directory.write(
            "b/config",
            """
            {"apiVersion": "v1", "kind": "Config", "current-context": "prod",
             "clusters": [{"name": "shared", "cluster": {"server": "https://second.example:6443"}},
                          {"name": "prod", "cluster": {"server": "https://prod.example:6443", "certificate-authority": "ca.crt"}}],
             "contexts": [{"name": "prod", "context": {"cluster": "prod", "user": "prod-user"}},
                          {"name": "dev", "context": {"cluster": "prod", "user": "prod-user"}}],
             "users": [{"name": "prod-user", "user": {"tokenFile": "token"}},
                       {"name": "dev-user", "user": {"token": "second-token"}}]}
            """)
        try directory.write("b/ca.crt", "CA-FROM-B")
        let missing = directory.file("does-not-exist")
        let environment = isolatedEnvironment(directory, variables: ["KUBECONFIG": "\(missing):\(first)::\(second)"])
        let loader = KubeConfigLoader(environment: environment)
        let (merged, _) = try loader.loadKubeConfig()
        #expect(merged?.files == [first, second])
        #expect(merged?.currentContext == "dev")
        #expect(merged?.contextNames == ["dev", "prod"])

        let dev = try loader.resolve()
        #expect(dev.server == "https://first.example:6443")
        #expect(dev.namespace == "dev")
        #expect(dev.credentials == .bearerToken("first-token"))
        #expect(dev.tls.insecureSkipTLSVerify)

        let prod = try loader.resolve(context: "prod")
        #expect(prod.server == "https://prod.example:6443")
        // Relative paths resolve against the file that defined the entry.
        #expect(prod.tls.certificateAuthorityPEM == Data("CA-FROM-B".utf8))
        #expect(prod.credentials == .tokenFile(path: directory.file("b/token")))
    }

    @Test func relativeCertificatePaths() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("pki/ca.crt", "CA")
        try directory.write("conf/certs/client.crt", "CERT")
        try directory.write("conf/certs/client.key", "KEY")
        let path = try directory.write(
            "conf/config",
            """
            apiVersion: v1
            kind: Config
            current-context: local
            clusters:
            - name: local
              cluster:
                server: https://10.0.0.1:6443/
                certificate-authority: ../pki/ca.crt
                tls-server-name: kubernetes.default.svc
            contexts:
            - name: local
              context: {cluster: local, user: admin}
            users:
            - name: admin
              user:
                client-certificate: certs/client.crt
                client-key: ./certs/client.key
            """)
        let config = try KubeConfigLoader(environment: isolatedEnvironment(directory)).resolve(kubeconfig: path)
        #expect(config.server == "https://10.0.0.1:6443")
        #expect(config.tls.certificateAuthorityPEM == Data("CA".utf8))
        #expect(
            config.tls.clientCertificate == ClientCertificatePEM(certificate: Data("CERT".utf8), key: Data("KEY".utf8)))
        #expect(config.tls.serverName == "kubernetes.default.svc")
    }

    @Test func tokenFileIsReadThroughTheCredentialProvider() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("conf/sa-token", "file-token\n")
        let path = try directory.write(
            "conf/config",
            """
            apiVersion: v1
            kind: Config
            current-context: c
            clusters: [{name: c, cluster: {server: "https://k.example"}}]
            contexts: [{name: c, context: {cluster: c, user: u}}]
            users: [{name: u, user: {tokenFile: sa-token}}]
            """)
        let config = try KubeConfigLoader(environment: isolatedEnvironment(directory)).resolve(kubeconfig: path)
        #expect(config.credentials == .tokenFile(path: directory.file("conf/sa-token")))
        let provider = CredentialProvider(source: config.credentials, environment: [:])
        #expect(try await provider.current().authorization == "Bearer file-token")
        #expect(!config.description.contains("file-token"))
    }

    @Test func basicAuthIsRedacted() throws {
        let config = try KubeConfigParserHarness.resolve(
            """
            apiVersion: v1
            kind: Config
            current-context: c
            clusters: [{name: c, cluster: {server: "https://k.example"}}]
            contexts: [{name: c, context: {cluster: c, user: u}}]
            users: [{name: u, user: {username: admin, password: s3cret-pass}}]
            """)
        #expect(config.credentials == .basic(username: "admin", password: "s3cret-pass"))
        #expect(!config.description.contains("s3cret-pass"))
        #expect(config.description.contains("admin"))
    }

    @Test func inClusterWithRotatedToken() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("serviceaccount/token", "token-1")
        try directory.write("serviceaccount/ca.crt", "CLUSTER-CA")
        try directory.write("serviceaccount/namespace", "kars-sre\n")
        let environment = isolatedEnvironment(
            directory, variables: ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"])
        let config = try KubeConfigLoader(environment: environment).resolve()
        #expect(config.server == "https://10.96.0.1:443")
        #expect(config.namespace == "kars-sre")
        #expect(config.tls.certificateAuthorityPEM == Data("CLUSTER-CA".utf8))
        #expect(config.origin == .inCluster(serviceAccountDirectory: directory.file("serviceaccount")))

        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        let provider = CredentialProvider(source: config.credentials, environment: [:], clock: clock.now)
        #expect(try await provider.current().authorization == "Bearer token-1")
        try directory.write("serviceaccount/token", "token-2")
        clock.advance(30)
        #expect(try await provider.current().authorization == "Bearer token-1", "re-read at most every minute")
        clock.advance(31)
        #expect(try await provider.current().authorization == "Bearer token-2")
        try directory.write("serviceaccount/token", "token-3")
        #expect(await provider.invalidate())
        #expect(try await provider.current().authorization == "Bearer token-3", "a 401 forces a re-read")
    }

    @Test func inClusterIPv6Host() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("serviceaccount/token", "t")
        let environment = isolatedEnvironment(
            directory, variables: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "6443"])
        let config = try KubeConfigLoader(environment: environment).resolve(namespace: "ops")
        #expect(config.server == "https://[fd00::1]:6443")
        #expect(config.namespace == "ops")
    }

    @Test func searchOrder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        func file(_ name: String) -> String {
            """
            apiVersion: v1
            kind: Config
            current-context: \(name)
            clusters: [{name: \(name), cluster: {server: "https://\(name).example"}}]
            contexts: [{name: \(name), context: {cluster: \(name), user: ""}}]
            """
        }
        try directory.write("home/.kube/config", file("home"))
        let fromEnv = try directory.write("env.yaml", file("env"))
        let explicit = try directory.write("explicit.yaml", file("explicit"))
        try directory.write("serviceaccount/token", "t")
        let base = ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"]
        let withEnv = KubeConfigLoader(
            environment: isolatedEnvironment(directory, variables: base.merging(["KUBECONFIG": fromEnv]) { $1 }))
        #expect(try withEnv.resolve(kubeconfig: explicit).server == "https://explicit.example")
        #expect(try withEnv.resolve().server == "https://env.example")
        let homeOnly = KubeConfigLoader(environment: isolatedEnvironment(directory, variables: base))
        #expect(try homeOnly.resolve().server == "https://home.example")
        try FileManager.default.removeItem(atPath: directory.file("home/.kube/config"))
        #expect(try homeOnly.resolve().server == "https://10.0.0.1:443", "in-cluster when no kubeconfig exists")
    }

    @Test func noConfigurationAtAllSaysWhereItLooked() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let loader = KubeConfigLoader(environment: isolatedEnvironment(directory))
        #expect {
            try loader.resolve()
        } throws: { error in
            let text = "\(error)"
            return text.contains(directory.file("home/.kube/config")) && text.contains("KUBERNETES_SERVICE_HOST")
                && text.contains("--kubeconfig") && text.contains("KUBECONFIG")
        }
    }
}

/// Resolves kubeconfig text written to a throwaway file.
enum KubeConfigParserHarness {
    static func resolve(_ text: String, context: String? = nil) throws -> KubeClientConfig {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("config", text)
        return try KubeConfigLoader(environment: isolatedEnvironment(directory)).resolve(
            kubeconfig: path, context: context)
    }
}
