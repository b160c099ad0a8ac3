import Foundation
import KubeModels
import Yams

/// The objects `kars-sre install` applies: the documents of the rendered manifest
/// (`deploy/kars-sre.yaml`), or of a directory (its `kars-sre.yaml`, else the files its
/// `kustomization.yaml` lists as resources, else `crds/` and `rbac/`), in the order they are
/// installed: namespaces and CRDs first, then accounts and RBAC, then configuration, then
/// workloads. Uninstalling goes in the reverse order.
public struct ManifestSet: Sendable {
    /// One object and the file it came from.
    public struct Document: Sendable {
        public var file: String
        public var object: JSONValue

        public var kind: String { object["kind"]?.stringValue ?? "" }
        public var apiVersion: String { object["apiVersion"]?.stringValue ?? "" }
        public var name: String { object[path: "metadata", "name"]?.stringValue ?? "" }
        public var namespace: String? { object[path: "metadata", "namespace"]?.stringValue }
        public var label: String { namespace.map { "\(kind)/\(name) -n \($0)" } ?? "\(kind)/\(name)" }
    }

    public var documents: [Document]
    /// What was read, for messages.
    public var origin: String

    /// Why a manifest could not be read.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    public init(documents: [Document], origin: String) {
        self.documents = documents.enumerated().sorted {
            let (a, b) = (Self.rank($0.element.kind), Self.rank($1.element.kind))
            return a != b ? a < b : $0.offset < $1.offset
        }.map(\.element)
        self.origin = origin
    }

    /// Reads a manifest file or a deploy directory.
    public static func load(_ path: String) throws -> ManifestSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Failure(
                "\(path) does not exist: pass --manifest with the rendered deploy/kars-sre.yaml or the deploy/ directory"
            )
        }
        guard isDirectory.boolValue else {
            return ManifestSet(documents: try documents(inFile: path), origin: path)
        }
        let directory = URL(fileURLWithPath: path)
        let rendered = directory.appendingPathComponent("kars-sre.yaml").path
        if FileManager.default.fileExists(atPath: rendered) {
            return ManifestSet(documents: try documents(inFile: rendered), origin: rendered)
        }
        if FileManager.default.fileExists(atPath: directory.appendingPathComponent("kustomization.yaml").path) {
            return ManifestSet(documents: try kustomizeResources(directory), origin: directory.path)
        }
        var files: [String] = []
        for folder in ["crds", "rbac"] {
            let names =
                (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(folder).path))
                ?? []
            files += names.filter { $0.hasSuffix(".yaml") }.sorted().map {
                directory.appendingPathComponent("\(folder)/\($0)").path
            }
        }
        guard !files.isEmpty else {
            throw Failure("\(path) holds no kars-sre.yaml, kustomization.yaml, crds/ or rbac/ manifests")
        }
        return ManifestSet(documents: try files.flatMap(documents(inFile:)), origin: directory.path)
    }

    /// The resources of a kustomization (files and directories, recursively; no patches or
    /// generators: the rendered kars-sre.yaml is what carries those).
    static func kustomizeResources(_ directory: URL) throws -> [Document] {
        let text = try String(contentsOf: directory.appendingPathComponent("kustomization.yaml"), encoding: .utf8)
        let node = (try Yams.load(yaml: text)) as? [String: Any] ?? [:]
        var result: [Document] = []
        for entry in (node["resources"] as? [Any] ?? []).compactMap({ $0 as? String }) {
            let url = directory.appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw Failure("\(directory.path)/kustomization.yaml lists \(entry), which does not exist")
            }
            result += isDirectory.boolValue ? try kustomizeResources(url) : try documents(inFile: url.path)
        }
        return result
    }

    /// Every object of a multi-document YAML file (empty documents and `List`s handled).
    static func documents(inFile path: String) throws -> [Document] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw Failure("cannot read \(path): \(error.localizedDescription)")
        }
        var result: [Document] = []
        do {
            for node in try Yams.load_all(yaml: text) {
                guard let mapping = node as? [String: Any] else { continue }
                let object = try JSONParser.parse(try JSONSerialization.data(withJSONObject: mapping))
                if object["kind"]?.stringValue == "List" {
                    result += (object["items"]?.arrayValue ?? []).map { Document(file: path, object: $0) }
                } else {
                    result.append(Document(file: path, object: object))
                }
            }
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure("\(path) is not valid YAML: \(error)")
        }
        for document in result where document.kind.isEmpty || document.apiVersion.isEmpty || document.name.isEmpty {
            throw Failure("\(path): a document has no kind, apiVersion or metadata.name")
        }
        return result
    }

    /// Install order by kind (as Helm orders a release); unknown kinds go last.
    static func rank(_ kind: String) -> Int {
        let order = [
            "Namespace", "CustomResourceDefinition", "ServiceAccount", "Secret", "ConfigMap", "ClusterRole",
            "ClusterRoleBinding", "Role", "RoleBinding", "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding",
            "NetworkPolicy", "PodDisruptionBudget", "Service", "Deployment",
        ]
        return order.firstIndex(of: kind) ?? order.count
    }
}
