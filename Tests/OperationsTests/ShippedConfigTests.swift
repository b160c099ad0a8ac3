import Foundation
import Testing

@testable import Operations

/// The settings as shipped and as documented stay in step with the code: the Deployment's config
/// file validates, and docs/run.md lists every setting with its environment variable.
@Suite("run configuration as shipped")
struct ShippedConfigTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("deploy/app/config.yaml is a valid run configuration")
    func shippedConfigValidates() throws {
        let path = Self.root.appendingPathComponent("deploy/app/config.yaml").path
        try #require(FileManager.default.fileExists(atPath: path), "deploy/app/config.yaml is missing")
        let configuration = try RunConfiguration.load(flags: [], environment: [:], configFile: path)
        #expect(configuration.console.auth == .tokenReview)
        #expect(configuration.leaderElection != nil)
        let sources = configuration.effective.map(\.source)
        #expect(sources.contains(path))
    }

    @Test("every KARS_SRE_* variable the manifests and overlays set is one run accepts")
    func manifestVariablesAccepted() throws {
        let deploy = Self.root.appendingPathComponent("deploy")
        let files = (FileManager.default.enumerator(atPath: deploy.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".yaml") }
        var names: Set<String> = []
        for file in files {
            let text = try String(contentsOf: deploy.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard trimmed.hasPrefix("- name: KARS_SRE_") else { continue }
                names.insert(String(trimmed.dropFirst("- name: ".count)))
            }
        }
        #expect(!names.isEmpty)
        for name in names.sorted() {
            #expect(throws: Never.self, "\(name)") { _ = try ConfigLayer.environment([name: "x"]) }
        }
    }

    @Test("docs/run.md lists every setting and its environment variable")
    func documented() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("docs/run.md"), encoding: .utf8)
        for setting in RunSettings.all {
            #expect(
                text.contains("| `\(setting.key)` | `\(setting.environmentName)` |"), "\(setting.key) is not documented"
            )
        }
    }

    @Test("the rendered manifest is read in install order")
    func manifestOrder() throws {
        let path = Self.root.appendingPathComponent("deploy/kars-sre.yaml").path
        try #require(FileManager.default.fileExists(atPath: path), "deploy/kars-sre.yaml is missing")
        let set = try ManifestSet.load(path)
        let kinds = set.documents.map(\.kind)
        #expect(kinds.first == "Namespace")
        let crd = try #require(kinds.firstIndex(of: "CustomResourceDefinition"))
        let account = try #require(kinds.firstIndex(of: "ServiceAccount"))
        let deployment = try #require(kinds.lastIndex(of: "Deployment"))
        let binding = try #require(kinds.lastIndex(of: "ClusterRoleBinding"))
        #expect(crd < account && account < binding && binding < deployment)
        // A directory reads the rendered file when there is one.
        let directory = try ManifestSet.load(Self.root.appendingPathComponent("deploy").path)
        #expect(directory.documents.count == set.documents.count)
    }

    @Test("a kustomization's resources are read when no rendered file exists; missing files are named")
    func kustomization() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kars-kustomize-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("rbac"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func write(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
        try write("kustomization.yaml", "resources:\n  - rbac\n  - ns.yaml\n")
        try write("rbac/kustomization.yaml", "resources: [sa.yaml]\n")
        try write("rbac/sa.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a, namespace: x}\n---\n")
        try write("ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n")
        let set = try ManifestSet.load(directory.path)
        #expect(set.documents.map(\.label) == ["Namespace/x", "ServiceAccount/a -n x"])
        try write("kustomization.yaml", "resources: [gone.yaml]\n")
        #expect(throws: ManifestSet.Failure.self) { try ManifestSet.load(directory.path) }
        try write("kustomization.yaml", "resources: [bad.yaml]\n")
        try write("bad.yaml", "apiVersion: v1\nmetadata: {name: nokind}\n")
        do {
            _ = try ManifestSet.load(directory.path)
            Issue.record("a document without kind was accepted")
        } catch let failure as ManifestSet.Failure {
            #expect(failure.description.contains("bad.yaml: a document has no kind"))
        }
    }
}
