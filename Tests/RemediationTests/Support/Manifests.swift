import Foundation
import KubeModels

@testable import KubeSim

/// The repository's deploy manifests, parsed the way the API server parses YAML bodies.
enum Manifests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func documents(_ relativePath: String) throws -> [JSONValue] {
        let text = try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
        return try text.components(separatedBy: "\n---\n").compactMap { document in
            let value = try BodyDecoding.decode(Array(document.utf8), contentType: "application/yaml")
            return value.isNull ? nil : value
        }
    }

    static var crd: JSONValue {
        get throws { try documents("deploy/crds/karssreactions.yaml")[0] }
    }

    /// A reader role standing in for the chart's `kars-sre-reader` (get/list/watch, no Secrets).
    static let reader: JSONValue = [
        "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": ["name": "kars-sre-reader"],
        "rules": [
            [
                "apiGroups": [""],
                "resources": [
                    "namespaces", "nodes", "pods", "events", "services", "endpoints", "resourcequotas", "limitranges",
                    "persistentvolumeclaims", "persistentvolumes", "configmaps", "serviceaccounts",
                ],
                "verbs": ["get", "list", "watch"],
            ],
            [
                "apiGroups": ["apps", "batch", "discovery.k8s.io", "events.k8s.io", "kars.azure.com", "coordination.k8s.io"],
                "resources": ["*"], "verbs": ["get", "list", "watch"],
            ],
        ],
    ]
}
