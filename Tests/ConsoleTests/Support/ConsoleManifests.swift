import Foundation
import KubeModels

@testable import KubeSim

/// The repository's deploy manifests (CRD, RBAC), parsed the way the API server parses YAML.
enum ConsoleManifests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func documents(_ relativePath: String) throws -> [JSONValue] {
        let text = try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
        return try text.components(separatedBy: "\n---\n").compactMap { document in
            let value = try BodyDecoding.decode(Array(document.utf8), contentType: "application/yaml")
            return value.isNull ? nil : value
        }
    }

    /// CRD, namespace kars-sre, writer ceilings and the controller, approver and reader RBAC.
    static func install(_ store: ClusterStore) async throws {
        try await store.seed(try documents("deploy/crds/karssreactions.yaml")[0])
        _ = try? await store.seed(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "kars-sre"]])
        for document in try documents("deploy/rbac/writer-ceilings.yaml") + documents("deploy/rbac/controller.yaml") {
            try await store.seed(document)
        }
        try await store.seed([
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": ["name": "kars-sre-reader"],
            "rules": [
                [
                    "apiGroups": [""],
                    "resources": ["namespaces", "nodes", "pods", "events", "services", "endpoints", "resourcequotas",
                                  "limitranges", "persistentvolumeclaims", "configmaps", "serviceaccounts"],
                    "verbs": ["get", "list", "watch"],
                ],
                [
                    "apiGroups": ["apps", "batch", "discovery.k8s.io", "events.k8s.io", "kars.azure.com", "coordination.k8s.io"],
                    "resources": ["*"], "verbs": ["get", "list", "watch"],
                ],
            ],
        ])
        // A console viewer: may look at actions but not decide.
        try await store.seed([
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": ["name": "console-viewer"],
            "rules": [["apiGroups": ["kars.azure.com"], "resources": ["karssreactions"], "verbs": ["get", "list", "watch"]]],
        ])
    }

    static func binding(user: String, clusterRole: String, namespace: String = "kars-sre") -> JSONValue {
        [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
            "metadata": ["name": .string("\(clusterRole.replacingOccurrences(of: ":", with: "-"))-\(user)"), "namespace": .string(namespace)],
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": .string(clusterRole)],
            "subjects": [["kind": "User", "name": .string(user), "apiGroup": "rbac.authorization.k8s.io"]],
        ]
    }
}
