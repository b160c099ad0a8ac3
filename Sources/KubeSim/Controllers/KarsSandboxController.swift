import Foundation
import KubeModels

/// The KARS platform's sandbox operator, as far as an incident sees it: a `KarsSandbox`
/// (`kars.azure.com/v1alpha1`) in `kars-system` gets a namespace `kars-<name>`, a Deployment
/// `<name>` with the sandbox container and the `inference-router` sidecar, and a Service `<name>`.
///
/// The CR's `status.phase` is `Running` with `Ready=True/Reconciled` as soon as those exist, and it
/// stays `Running` when the workload is down, as on the real platform (the operator reports what
/// it reconciled, not whether the pods run). Missing objects are re-created; the Deployment's
/// template is not enforced afterwards, so a remediation patch sticks.
final class KarsSandboxController: SimController {
    let name = "kars-sandbox-controller"
    let watches: Set<GroupResource> = [SimResource.karssandboxes, .deployments, .services, .namespaces]
    static let sandboxLabel = "kars.azure.com/sandbox"
    static let sandboxNamespaceLabel = "kars.azure.com/sandbox-namespace"
    static let defaultImage = "karsacr.azurecr.io/hermes-sandbox:0.16.0"
    static let routerImage = "karsacr.azurecr.io/inference-router:0.9.2"

    func handle(_ change: CacheChange, manager: isolated ControllerManager) {
        if change.resource == SimResource.karssandboxes {
            manager.enqueue(self, change.key)
            return
        }
        let labels = change.object.labels
        if let sandbox = labels[Self.sandboxLabel], let namespace = labels[Self.sandboxNamespaceLabel], change.type == .deleted {
            manager.enqueue(self, ObjectKey(namespace: namespace, name: sandbox))
        }
    }

    static func namespace(for sandbox: String) -> String { "kars-\(sandbox)" }

    func reconcile(_ key: ObjectKey, manager: isolated ControllerManager) async {
        let target = Self.namespace(for: key.name)
        guard let sandbox = manager.cache.get(SimResource.karssandboxes, key), !sandbox.isBeingDeleted else {
            if let namespace = manager.cache.get(.namespaces, "", target), namespace.labels[Self.sandboxLabel] == key.name,
                !namespace.isBeingDeleted
            {
                await manager.delete(.namespaces, namespace: "", name: target)
            }
            return
        }
        let labels: [String: JSONValue] = [
            Self.sandboxLabel: .string(key.name), Self.sandboxNamespaceLabel: .string(key.namespace),
        ]
        if manager.cache.get(.namespaces, "", target) == nil {
            _ = await manager.create(.namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(target), "labels": .object(labels)]])
        }
        if manager.cache.get(.deployments, target, key.name) == nil {
            _ = await manager.create(.deployments, deployment(for: sandbox, namespace: target, labels: labels))
        }
        if manager.cache.get(.services, target, key.name) == nil {
            _ = await manager.create(.services, service(for: sandbox, namespace: target, labels: labels))
        }
        var conditions = sandbox[path: "status", "conditions"]?.arrayValue ?? []
        SimObjects.setCondition(
            &conditions, type: "Ready", status: "True", reason: "Reconciled", message: "sandbox reconciled", now: manager.now)
        let status: JSONValue = [
            "phase": "Running", "observedGeneration": .int(sandbox.generation), "conditions": .array(conditions),
            "namespace": .string(target), "deploymentName": .string(key.name),
        ]
        if sandbox["status"] != status {
            await manager.writeStatus(SimResource.karssandboxes, sandbox, status: status)
        }
    }

    private func deployment(for sandbox: JSONValue, namespace: String, labels: [String: JSONValue]) -> JSONValue {
        let name = sandbox.name
        let image = sandbox[path: "spec", "runtime", "image"]?.stringValue ?? sandbox[path: "spec", "image"]?.stringValue
            ?? Self.defaultImage
        var metadataLabels = labels
        metadataLabels["app"] = .string(name)
        return [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": .object(metadataLabels)],
            "spec": [
                "replicas": 1, "selector": ["matchLabels": ["app": .string(name)]],
                "template": [
                    "metadata": ["labels": ["app": .string(name)]],
                    "spec": [
                        "containers": [
                            [
                                "name": .string(name), "image": .string(image),
                                "resources": [
                                    "requests": ["memory": "256Mi", "cpu": "250m"], "limits": ["memory": "256Mi", "cpu": "250m"],
                                ],
                                "ports": [["containerPort": 8080, "protocol": "TCP", "name": "p8080"]],
                            ],
                            [
                                "name": "inference-router", "image": .string(Self.routerImage),
                                "resources": [
                                    "requests": ["memory": "64Mi", "cpu": "50m"], "limits": ["memory": "64Mi", "cpu": "50m"],
                                ],
                                "ports": [["containerPort": 8443, "protocol": "TCP", "name": "p8443"]],
                            ],
                        ],
                    ],
                ],
            ],
        ]
    }

    private func service(for sandbox: JSONValue, namespace: String, labels: [String: JSONValue]) -> JSONValue {
        var metadataLabels = labels
        metadataLabels["app"] = .string(sandbox.name)
        return [
            "apiVersion": "v1", "kind": "Service",
            "metadata": ["name": .string(sandbox.name), "namespace": .string(namespace), "labels": .object(metadataLabels)],
            "spec": [
                "selector": ["app": .string(sandbox.name)],
                "ports": [["name": "http", "port": 80, "protocol": "TCP", "targetPort": 8080]],
            ],
        ]
    }

    /// The CustomResourceDefinition of `KarsSandbox`, as the platform's chart installs it.
    static let customResourceDefinition: JSONValue = [
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": ["name": "karssandboxes.kars.azure.com"],
        "spec": [
            "group": "kars.azure.com", "scope": "Namespaced",
            "names": [
                "plural": "karssandboxes", "singular": "karssandbox", "kind": "KarsSandbox", "listKind": "KarsSandboxList",
                "shortNames": ["ksb"],
            ],
            "versions": [[
                "name": "v1alpha1", "served": true, "storage": true,
                "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
                "subresources": ["status": .object([:])],
                "additionalPrinterColumns": [
                    ["name": "Phase", "type": "string", "jsonPath": ".status.phase"],
                    ["name": "Namespace", "type": "string", "jsonPath": ".status.namespace"],
                    ["name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"],
                ],
            ]],
        ],
    ]
}
