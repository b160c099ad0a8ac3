import Foundation
import KubeAPI
import TestSupport
import Testing

@Suite("kubeconfig errors")
struct KubeConfigErrorTests {
    private func error(of text: String, context: String? = nil) throws -> (message: String, file: String) {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("config", text)
        do {
            _ = try KubeConfigLoader(environment: isolatedEnvironment(directory)).resolve(
                kubeconfig: path, context: context)
        } catch let error as KubeConfigError {
            return ("\(error)", path)
        }
        Issue.record("expected a KubeConfigError")
        return ("", path)
    }

    @Test func malformedYAMLNamesFileAndLine() throws {
        let (message, file) = try error(
            of: """
                apiVersion: v1
                kind: Config
                clusters:
                - name: broken
                  cluster:
                    server: "https://x.example
                contexts: []
                """)
        #expect(message.hasPrefix("kubeconfig \(file): YAML syntax error at line "))
        #expect(message.contains("line 6") || message.contains("line 7"))
    }

    @Test func missingServerNamesFileAndField() throws {
        let (message, file) = try error(
            of: """
                apiVersion: v1
                kind: Config
                current-context: c
                clusters:
                - name: c
                  cluster:
                    certificate-authority-data: \(KubeconfigFixtures.base64("x"))
                contexts: [{name: c, context: {cluster: c, user: ""}}]
                """)
        #expect(message == "kubeconfig \(file): clusters[0].cluster: missing \"server\"")
    }

    @Test func execWithoutCommand() throws {
        let (message, file) = try error(
            of: """
                apiVersion: v1
                kind: Config
                users:
                - name: u
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      args: [get-token]
                """)
        #expect(message == "kubeconfig \(file): users[0].user.exec: missing \"command\"")
    }

    @Test func unknownContextListsExistingOnes() throws {
        let (message, file) = try error(
            of: """
                apiVersion: v1
                kind: Config
                current-context: dev
                clusters: [{name: c, cluster: {server: "https://c.example"}}]
                contexts:
                - {name: dev, context: {cluster: c, user: ""}}
                - {name: prod, context: {cluster: c, user: ""}}
                """, context: "staging")
        #expect(message == "kubeconfig \(file): context \"staging\" not found; available contexts: dev, prod")
    }

    @Test func wrongTypesAndBadValues() throws {
        let (listMessage, _) = try error(of: "apiVersion: v1\nkind: Config\nclusters: {a: b}\n")
        #expect(listMessage.hasSuffix("clusters: expected a list"))
        let (base64Message, _) = try error(
            of: """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://c", certificate-authority-data: "!!not base64!!"}}]
                """)
        #expect(base64Message.hasSuffix("clusters[0].cluster.certificate-authority-data: not valid base64"))
        let (versionMessage, _) = try error(
            of: """
                apiVersion: v1
                kind: Config
                users: [{name: u, user: {exec: {command: x, apiVersion: client.authentication.k8s.io/v1alpha1}}}]
                """)
        #expect(versionMessage.contains("users[0].user.exec: unsupported apiVersion"))
    }

    @Test func danglingReferencesAndMissingCurrentContext() throws {
        let (cluster, _) = try error(
            of: """
                apiVersion: v1
                kind: Config
                current-context: c
                contexts: [{name: c, context: {cluster: gone, user: ""}}]
                """)
        #expect(cluster.hasSuffix("context \"c\" refers to cluster \"gone\", which is not defined"))
        let (current, _) = try error(
            of: """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://c"}}]
                contexts: [{name: only, context: {cluster: c, user: ""}}]
                """)
        #expect(current.contains("no current-context is set") && current.contains("available contexts: only"))
    }

    @Test func explicitPathThatDoesNotExist() {
        let loader = KubeConfigLoader(environment: KubeConfigEnvironment(variables: [:], homeDirectory: nil))
        #expect(throws: KubeConfigError.fileNotFound(path: "/nonexistent/kubeconfig")) {
            try loader.resolve(kubeconfig: "/nonexistent/kubeconfig")
        }
    }
}
