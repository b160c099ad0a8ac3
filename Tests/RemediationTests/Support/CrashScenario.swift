import Foundation
import KubeModels

@testable import Remediation

/// One action type's target in a fresh namespace, and the effect its execution has on it (what
/// must happen exactly once).
struct CrashScenario: Sendable, CustomStringConvertible {
    let type: RemediationActionType

    static let all: [CrashScenario] = [
        .deleteResourceQuota, .patchDeploymentImage, .scaleDeployment, .rolloutRestart, .deletePod,
    ].map(CrashScenario.init)

    var description: String { type.rawValue }

    func objects(namespace: String) -> [JSONValue] {
        let now = Date()
        switch type {
        case .deleteResourceQuota, .restoreResourceQuota:
            return Fixtures.quotaIncident(namespace: namespace, now: now)
        case .deletePod:
            let (deployment, set) = Fixtures.deployment("web", namespace: namespace, now: now)
            let pod: JSONValue = [
                "apiVersion": "v1", "kind": "Pod",
                "metadata": [
                    "name": "web-84dwh4l6hs-stuck", "namespace": .string(namespace), "uid": .string(Fixtures.uid()),
                    "deletionTimestamp": Fixtures.time(now.addingTimeInterval(-600)), "deletionGracePeriodSeconds": 30,
                ],
                "spec": ["nodeName": "node-lost", "containers": [["name": "main", "image": "busybox:1.36"]]],
                "status": ["phase": "Running"],
            ]
            return [Fixtures.namespace(namespace), deployment, set, pod]
        default:
            let (deployment, set) = Fixtures.deployment("web", namespace: namespace, image: "nginx:1.25.33", now: now)
            return [Fixtures.namespace(namespace), deployment, set]
        }
    }

    func draft(namespace: String) -> ActionDraft {
        switch type {
        case .deleteResourceQuota, .restoreResourceQuota: return .explicit(.deleteResourceQuota, namespace, "platform-hardening")
        case .patchDeploymentImage: return .explicit(.patchDeploymentImage, namespace, "web", container: "main", image: "nginx:1.25.3")
        case .scaleDeployment: return .explicit(.scaleDeployment, namespace, "web", replicas: 3)
        case .rolloutRestart: return .explicit(.rolloutRestart, namespace, "web", kind: "Deployment")
        case .deletePod: return .explicit(.deletePod, namespace, "web-84dwh4l6hs-stuck")
        }
    }

    /// The change-counter key of the action's effect.
    func effect(namespace: String) -> String {
        switch type {
        case .deleteResourceQuota, .restoreResourceQuota: return "resourcequotas/\(namespace)/platform-hardening#deleted"
        case .patchDeploymentImage: return "deployments.apps/\(namespace)/web#image"
        case .scaleDeployment: return "deployments.apps/\(namespace)/web#replicas"
        case .rolloutRestart: return "deployments.apps/\(namespace)/web#restart"
        case .deletePod: return "pods/\(namespace)/web-84dwh4l6hs-stuck#deleted"
        }
    }
}
