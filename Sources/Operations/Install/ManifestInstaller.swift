import Foundation
import KubeAPI
import KubeModels

/// Installs and removes kars-sre's manifests with server-side apply (field manager `kars-sre`):
/// `kars-sre install` applies the rendered manifest and waits for the rollout, `kars-sre demo`
/// applies the accounts and RBAC of deploy/ so the loop runs under exactly the objects an operator
/// installs, and `kars-sre uninstall` removes the KarsSREActions first, then every object, in reverse.
public struct ManifestInstaller: Sendable {
    public let client: KubeClient
    public let fieldManager: String
    /// Label put on namespaces the installer had to create, so uninstall removes only those.
    public static let createdByLabel = "app.kubernetes.io/created-by"

    /// Why an install, rollout or uninstall did not complete.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    public init(client: KubeClient, fieldManager: String = "kars-sre") {
        self.client = client
        self.fieldManager = fieldManager
    }

    /// The deploy/ directory: the explicit path, else ./deploy, else the checkout this binary was built from.
    public static func locate(_ explicit: String?) throws -> URL {
        var candidates: [URL] = []
        if let explicit { candidates.append(URL(fileURLWithPath: explicit)) }
        candidates.append(
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("deploy"))
        candidates.append(
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("deploy"))
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("kars-sre.yaml").path)
            || FileManager.default.fileExists(atPath: candidate.appendingPathComponent("crds/karssreactions.yaml").path)
        {
            return candidate
        }
        throw Failure(
            "cannot find the deploy/ manifests (looked in \(candidates.map(\.path).joined(separator: ", "))); "
                + "run from the repository or pass the path explicitly")
    }

    /// The manifest `install` uses by default: deploy/kars-sre.yaml when rendered, else deploy/.
    public static func defaultManifest() throws -> String {
        let directory = try locate(nil)
        let rendered = directory.appendingPathComponent("kars-sre.yaml")
        return FileManager.default.fileExists(atPath: rendered.path) ? rendered.path : directory.path
    }

    /// The demo's subset of deploy/: the CRD, accounts and RBAC (no Deployment: the demo runs the
    /// controller and watcher in its own process).
    public func install(from directory: URL) async throws -> [String] {
        let set = try ManifestSet.load(directory.path)
        let withoutWorkloads = set.documents.filter {
            !["Deployment", "Service", "NetworkPolicy", "PodDisruptionBudget", "ConfigMap"].contains($0.kind)
        }
        return try await apply(ManifestSet(documents: withoutWorkloads, origin: set.origin))
    }

    /// Applies every document (creating missing namespaces first); waits until the KarsSREAction
    /// CRD is served. Returns what was applied.
    public func apply(_ set: ManifestSet, progress: @Sendable (String) -> Void = { _ in }) async throws -> [String] {
        var applied: [String] = []
        var namespaces: Set<String> = []
        for document in set.documents where document.kind == "Namespace" { namespaces.insert(document.name) }
        for document in set.documents {
            let resource = try await resolve(document)
            if let namespace = document.namespace, !namespaces.contains(namespace) {
                try await ensureNamespace(namespace)
                namespaces.insert(namespace)
            }
            do {
                _ = try await client.apply(resource, document.object, fieldManager: fieldManager, force: true)
            } catch {
                throw Failure("applying \(document.label) from \(document.file) failed: \(error)")
            }
            applied.append(document.label)
            progress("applied \(document.label)")
        }
        if set.documents.contains(where: {
            $0.kind == "CustomResourceDefinition" && $0.name == "karssreactions.kars.azure.com"
        }) {
            try await waitForActionsServed()
        }
        return applied
    }

    /// Waits until every Deployment of the set is rolled out (as `kubectl rollout status`: the
    /// newest generation observed, all replicas updated and available).
    public func waitForRollout(
        _ set: ManifestSet, timeout: TimeInterval, progress: @Sendable (String) -> Void = { _ in }
    ) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        for document in set.documents where document.kind == "Deployment" {
            var last = "not created"
            while true {
                if let deployment = try? await client.get(
                    .deployments, name: document.name, namespace: document.namespace)
                {
                    let (done, state) = Self.rolloutState(deployment)
                    if state != last { progress("deployment \(document.name): \(state)") }
                    last = state
                    if done { break }
                }
                guard Date() < deadline else {
                    throw Failure(
                        "deployment \(document.namespace ?? "")/\(document.name) did not roll out within \(Int(timeout)) s (\(last)); "
                            + "see `kubectl -n \(document.namespace ?? "kars-sre") describe deployment \(document.name)` and its pods' events"
                    )
                }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    /// Whether a Deployment is rolled out, and its state in words.
    static func rolloutState(_ deployment: JSONValue) -> (Bool, String) {
        let wanted = deployment[path: "spec", "replicas"]?.intValue ?? 1
        let generation = deployment[path: "metadata", "generation"]?.intValue ?? 0
        let observed = deployment[path: "status", "observedGeneration"]?.intValue ?? 0
        let updated = deployment[path: "status", "updatedReplicas"]?.intValue ?? 0
        let available = deployment[path: "status", "availableReplicas"]?.intValue ?? 0
        let total = deployment[path: "status", "replicas"]?.intValue ?? 0
        let done = observed >= generation && updated == wanted && available == wanted && total == wanted
        return (done, "\(available)/\(wanted) available, \(updated) updated")
    }

    /// Deletes the KarsSREActions (waiting until their finalizers resolve), then every object of
    /// the set in reverse install order, then the namespaces the installer created.
    public func uninstall(
        _ set: ManifestSet, actionsNamespace: String, timeout: TimeInterval,
        progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> [String] {
        var removed: [String] = []
        let deadline = Date().addingTimeInterval(timeout)
        if let actions = try? await client.list(.karsSREActions, namespace: nil) {
            for action in actions.items {
                guard let name = action[path: "metadata", "name"]?.stringValue else { continue }
                let namespace = action[path: "metadata", "namespace"]?.stringValue ?? actionsNamespace
                _ = try? await client.delete(.karsSREActions, name: name, namespace: namespace)
                removed.append("KarsSREAction/\(name) -n \(namespace)")
                progress("deleted KarsSREAction/\(name) -n \(namespace)")
            }
            while let left = try? await client.list(.karsSREActions, namespace: nil), !left.items.isEmpty {
                guard Date() < deadline else {
                    let names = left.items.compactMap { $0[path: "metadata", "name"]?.stringValue }
                    throw Failure(
                        "KarsSREActions still present after \(Int(timeout)) s (finalizers not resolved: \(names.joined(separator: ", "))); "
                            + "is the controller running? rerun uninstall when they are gone")
                }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        var namespaces: [String] = []
        for document in set.documents.reversed() {
            if let namespace = document.namespace, !namespaces.contains(namespace) { namespaces.append(namespace) }
            let resource: APIResource
            do { resource = try await resolve(document) } catch { continue }  // its CRD is already gone
            do {
                _ = try await client.delete(resource, name: document.name, namespace: document.namespace)
                removed.append(document.label)
                progress("deleted \(document.label)")
            } catch let error as KubeAPIError where error.isNotFound {
                continue
            } catch {
                throw Failure("deleting \(document.label) failed: \(error)")
            }
        }
        for namespace in namespaces
        where !set.documents.contains(where: { $0.kind == "Namespace" && $0.name == namespace }) {
            guard let object = try? await client.get(.namespaces, name: namespace),
                object[path: "metadata", "labels", Self.createdByLabel]?.stringValue == fieldManager
            else { continue }
            _ = try? await client.delete(.namespaces, name: namespace)
            removed.append("Namespace/\(namespace)")
            progress("deleted Namespace/\(namespace)")
        }
        return removed
    }

    /// The API resource of a document: a well-known one, else found by discovery (CRDs,
    /// admission policies).
    func resolve(_ document: ManifestSet.Document) async throws -> APIResource {
        if let known = APIResource.wellKnown(kind: document.kind, apiVersion: document.apiVersion) { return known }
        let parts = document.apiVersion.split(separator: "/").map(String.init)
        let (group, version) = parts.count == 2 ? (parts[0], parts[1]) : ("", parts.first ?? "v1")
        let resources = (try? await client.apiResources(group: group, version: version)) ?? []
        guard let info = resources.first(where: { $0.kind == document.kind && !$0.isSubresource }) else {
            throw Failure(
                "\(document.file): the API server does not serve \(document.apiVersion) \(document.kind) (\(document.label))"
            )
        }
        return info.resource
    }

    private func ensureNamespace(_ name: String) async throws {
        if (try? await client.get(.namespaces, name: name)) != nil { return }
        let namespace: JSONValue = [
            "apiVersion": "v1", "kind": "Namespace",
            "metadata": ["name": .string(name), "labels": .object([Self.createdByLabel: .string(fieldManager)])],
        ]
        _ = try await client.apply(.namespaces, namespace, fieldManager: fieldManager)
    }

    private func waitForActionsServed() async throws {
        for _ in 0..<100 {
            if (try? await client.list(.karsSREActions, namespace: "kars-sre")) != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure("the KarsSREAction CRD was applied but is not served after 10 s")
    }
}
