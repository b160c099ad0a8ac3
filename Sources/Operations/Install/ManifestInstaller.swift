import Foundation
import KubeAPI
import KubeModels
import Yams

/// Applies the repository's deploy/ manifests (CRD, ServiceAccounts, RBAC) with server-side apply,
/// so `demo` runs the loop under exactly the objects an operator installs.
struct ManifestInstaller {
    let client: KubeClient
    let fieldManager = "kars-sre"

    /// Why a manifest could not be installed.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The deploy/ directory: `--deploy-dir`, else ./deploy, else the checkout this binary was built from.
    static func locate(_ explicit: String?) throws -> URL {
        var candidates: [URL] = []
        if let explicit { candidates.append(URL(fileURLWithPath: explicit)) }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("deploy"))
        candidates.append(
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("deploy"))
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("crds/karssreactions.yaml").path) {
            return candidate
        }
        throw Failure(
            description: "cannot find the deploy/ manifests (looked in \(candidates.map(\.path).joined(separator: ", "))); "
                + "run from the repository or pass --deploy-dir")
    }

    /// Every YAML document of the files, in file order (CRDs first).
    static func documents(in directory: URL) throws -> [(file: String, object: JSONValue)] {
        let files = ["crds/karssreactions.yaml"]
            + ((try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("rbac").path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "rbac/\($0)" }
        var documents: [(String, JSONValue)] = []
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            for node in try Yams.load_all(yaml: text) {
                guard node is [String: Any] else { continue }  // empty documents and comments only
                let data = try JSONSerialization.data(withJSONObject: node)
                documents.append((file, try JSONParser.parse(data)))
            }
        }
        return documents
    }

    /// Applies every document; waits until the KarsSREAction CRD is served.
    func install(from directory: URL) async throws -> [String] {
        var applied: [String] = []
        for (file, object) in try Self.documents(in: directory) {
            let kind = object["kind"]?.stringValue ?? ""
            let apiVersion = object["apiVersion"]?.stringValue ?? ""
            guard let resource = APIResource.wellKnown.first(where: { $0.kind == kind && $0.apiVersion == apiVersion })
            else {
                throw Failure(description: "\(file): no known resource for \(apiVersion) \(kind)")
            }
            if let namespace = object[path: "metadata", "namespace"]?.stringValue {
                try await ensureNamespace(namespace)
            }
            _ = try await client.apply(resource, object, fieldManager: fieldManager, force: true)
            applied.append("\(kind)/\(object[path: "metadata", "name"]?.stringValue ?? "?")")
        }
        try await waitForActionsServed()
        return applied
    }

    private func ensureNamespace(_ name: String) async throws {
        let namespace: JSONValue = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]]
        _ = try await client.apply(.namespaces, namespace, fieldManager: fieldManager)
    }

    private func waitForActionsServed() async throws {
        for _ in 0..<100 {
            if (try? await client.list(.karsSREActions, namespace: "kars-sre")) != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "the KarsSREAction CRD was applied but is not served after 10 s")
    }
}
