import Foundation
import KubeModels

/// The deployment controller: one ReplicaSet per pod template, rolled out per the strategy.
///
/// - the new ReplicaSet is `<deployment>-<pod-template-hash>` (the hash also labels its selector,
///   template and pods), annotated with `deployment.kubernetes.io/revision` (one more than the
///   newest old one), `desired-replicas` and `max-replicas`;
/// - `RollingUpdate` honours `maxSurge` (rounded up) and `maxUnavailable` (rounded down): the new
///   ReplicaSet grows while the total stays within `replicas + maxSurge`, old ones shrink while at
///   least `replicas - maxUnavailable` pods are available; `Recreate` scales old ones to zero first;
/// - a template change, including `kubectl rollout restart` (the
///   `kubectl.kubernetes.io/restartedAt` template annotation), makes a new ReplicaSet;
/// - `ScalingReplicaSet` events: `Scaled up replica set web-7d9f to 3` for a new ReplicaSet,
///   `Scaled down replica set web-7d9f to 0 from 2` (and `Scaled up ... to 3 from 1`) for a resize;
/// - status (replicas, updated, ready, available, unavailable, observedGeneration) and conditions
///   `Available` and `Progressing` (`NewReplicaSetCreated`, `FoundNewReplicaSet`,
///   `ReplicaSetUpdated`, `NewReplicaSetAvailable`, and `ProgressDeadlineExceeded` once no progress
///   was made for `progressDeadlineSeconds`).
final class DeploymentController: SimController {
    let name = "deployment-controller"
    let watches: Set<GroupResource> = [.deployments, .replicasets]
    static let source = EventSource(component: "deployment-controller")
    static let revisionAnnotation = "deployment.kubernetes.io/revision"
    static let desiredAnnotation = "deployment.kubernetes.io/desired-replicas"
    static let maxAnnotation = "deployment.kubernetes.io/max-replicas"

    func handle(_ change: CacheChange, manager: isolated ControllerManager) {
        switch change.resource {
        case .deployments:
            manager.enqueue(self, change.key)
        default:
            for rs in [change.object, change.old].compactMap({ $0 }) {
                guard let owner = rs.controllerReference, owner["kind"]?.stringValue == "Deployment",
                    let name = owner["name"]?.stringValue
                else { continue }
                manager.enqueue(self, ObjectKey(namespace: rs.namespace, name: name))
            }
        }
    }

    static func revision(_ rs: JSONValue) -> Int64 { Int64(rs.annotation(revisionAnnotation) ?? "") ?? 0 }

    /// `maxSurge` and `maxUnavailable` resolved against `replicas`.
    static func rollingParameters(_ deployment: JSONValue) -> (surge: Int, unavailable: Int) {
        let replicas = deployment.specReplicas
        let strategy = deployment[path: "spec", "strategy"]
        if strategy?["type"]?.stringValue == "Recreate" { return (0, replicas) }
        let surge = resolve(strategy?[path: "rollingUpdate", "maxSurge"] ?? "25%", total: replicas, roundUp: true)
        var unavailable = resolve(strategy?[path: "rollingUpdate", "maxUnavailable"] ?? "25%", total: replicas, roundUp: false)
        if surge == 0, unavailable == 0 { unavailable = 1 }
        return (surge, unavailable)
    }

    static func resolve(_ value: JSONValue, total: Int, roundUp: Bool) -> Int {
        if let number = value.intValue { return Int(number) }
        guard let text = value.stringValue else { return 0 }
        if text.hasSuffix("%"), let percent = Double(text.dropLast()) {
            let exact = Double(total) * percent / 100
            return Int(roundUp ? exact.rounded(.up) : exact.rounded(.down))
        }
        return Int(text) ?? 0
    }

    func reconcile(_ key: ObjectKey, manager: isolated ControllerManager) async {
        guard let deployment = manager.cache.get(.deployments, key), !deployment.isBeingDeleted else { return }
        let owned = manager.cache.controlled(by: deployment.uid, .replicasets).filter { !$0.isBeingDeleted }
        let template = deployment[path: "spec", "template"] ?? .object([:])
        var newRS = owned.first { TemplateHash.equalIgnoringHash($0[path: "spec", "template"] ?? .null, template) }
        var olds = owned.filter { $0.uid != newRS?.uid }.sorted { Self.revision($0) < Self.revision($1) }
        let maxOldRevision = olds.map(Self.revision).max() ?? 0
        let replicas = deployment.specReplicas
        let (surge, unavailable) = Self.rollingParameters(deployment)
        let paused = deployment[path: "spec", "paused"]?.boolValue == true
        let recreate = deployment[path: "spec", "strategy", "type"]?.stringValue == "Recreate"
        var progress: (reason: String, message: String)?

        if !paused {
            if newRS == nil {
                let activeOld = olds.reduce(0) { $0 + $1.specReplicas }
                var initial: Int
                if recreate {
                    initial = 0
                } else if owned.isEmpty {
                    initial = replicas
                } else {
                    initial = max(0, min(replicas + surge - activeOld, replicas))
                }
                if recreate && activeOld == 0 { initial = replicas }
                if let created = await createReplicaSet(
                    deployment, template: template, replicas: initial, revision: maxOldRevision + 1, surge: surge,
                    manager: manager)
                {
                    newRS = created
                    progress = ("NewReplicaSetCreated", "Created new replica set \"\(created.name)\"")
                } else {
                    return
                }
            } else if let current = newRS, Self.revision(current) <= maxOldRevision {
                newRS = await manager.patch(
                    .replicasets, namespace: current.namespace, name: current.name,
                    ["metadata": ["annotations": [Self.revisionAnnotation: .string(String(maxOldRevision + 1))]]])
                    ?? current
            }
            if let current = newRS {
                if recreate {
                    newRS = await rolloutRecreate(deployment, newRS: current, olds: &olds, manager: manager)
                } else {
                    newRS = await rolloutRolling(deployment, newRS: current, olds: &olds, surge: surge, unavailable: unavailable, manager: manager)
                }
            }
            await cleanup(deployment, olds: olds, manager: manager)
        }
        await syncStatus(deployment, newRS: newRS, olds: olds, unavailable: unavailable, progress: progress, manager: manager)
    }

    private func createReplicaSet(
        _ deployment: JSONValue, template: JSONValue, replicas: Int, revision: Int64, surge: Int,
        manager: isolated ControllerManager
    ) async -> JSONValue? {
        var collision = deployment[path: "status", "collisionCount"]?.intValue ?? 0
        for _ in 0..<5 {
            let hash = TemplateHash.hash(template, collisionCount: collision)
            var rsTemplate = template
            rsTemplate.setValue(.string(hash), at: ["metadata", "labels", "pod-template-hash"])
            var selector = deployment[path: "spec", "selector"] ?? .object([:])
            selector.setValue(.string(hash), at: ["matchLabels", "pod-template-hash"])
            var labels = template[path: "metadata", "labels"]?.objectValue ?? [:]
            labels["pod-template-hash"] = .string(hash)
            let rs: JSONValue = [
                "apiVersion": "apps/v1", "kind": "ReplicaSet",
                "metadata": [
                    "name": .string("\(deployment.name)-\(hash)"), "namespace": .string(deployment.namespace),
                    "labels": .object(labels),
                    "annotations": [
                        Self.desiredAnnotation: .string(String(deployment.specReplicas)),
                        Self.maxAnnotation: .string(String(deployment.specReplicas + surge)),
                        Self.revisionAnnotation: .string(String(revision)),
                    ],
                    "ownerReferences": [SimObjects.ownerReference(to: deployment)],
                ],
                "spec": [
                    "replicas": .int(Int64(replicas)), "minReadySeconds": deployment[path: "spec", "minReadySeconds"] ?? 0,
                    "selector": selector, "template": rsTemplate,
                ],
            ]
            switch await manager.create(.replicasets, rs) {
            case .success(let created):
                if replicas > 0 {
                    await manager.event(
                        deployment, reason: "ScalingReplicaSet",
                        message: "Scaled up replica set \(created.name) to \(replicas)", source: Self.source)
                }
                return created
            case .failure(let error):
                if error.reason == "AlreadyExists" {
                    // A ReplicaSet with this name but another template: bump the collision count.
                    collision += 1
                    await manager.patch(
                        .deployments, namespace: deployment.namespace, name: deployment.name,
                        ["status": ["collisionCount": .int(collision)]], subresource: "status")
                    continue
                }
                await manager.event(
                    deployment, type: "Warning", reason: "FailedCreate",
                    message: "Failed to create new replica set \"\(deployment.name)-\(hash)\": \(error.message)",
                    source: Self.source)
                return nil
            }
        }
        return nil
    }

    /// Resizes a ReplicaSet (and refreshes its replica annotations), with a `ScalingReplicaSet` event.
    @discardableResult
    private func scale(
        _ rs: JSONValue, to replicas: Int, deployment: JSONValue, surge: Int, manager: isolated ControllerManager
    ) async -> JSONValue {
        let current = rs.specReplicas
        let desired = String(deployment.specReplicas)
        let maxReplicas = String(deployment.specReplicas + surge)
        let annotationsCurrent = rs.annotation(Self.desiredAnnotation) == desired && rs.annotation(Self.maxAnnotation) == maxReplicas
        guard current != replicas || !annotationsCurrent else { return rs }
        let body: JSONValue = [
            "metadata": [
                "annotations": [
                    Self.desiredAnnotation: .string(desired),
                    Self.maxAnnotation: .string(maxReplicas),
                ],
            ],
            "spec": ["replicas": .int(Int64(replicas))],
        ]
        guard let updated = await manager.patch(.replicasets, namespace: rs.namespace, name: rs.name, body) else { return rs }
        if current != replicas {
            let direction = replicas > current ? "up" : "down"
            await manager.event(
                deployment, reason: "ScalingReplicaSet",
                message: "Scaled \(direction) replica set \(rs.name) to \(replicas) from \(current)", source: Self.source)
        }
        return updated
    }

    private func rolloutRolling(
        _ deployment: JSONValue, newRS: JSONValue, olds: inout [JSONValue], surge: Int, unavailable: Int,
        manager: isolated ControllerManager
    ) async -> JSONValue {
        let replicas = deployment.specReplicas
        var newRS = newRS
        let activeOlds = olds.filter { $0.specReplicas > 0 }
        if activeOlds.isEmpty {
            // Not rolling: a scale (or nothing).
            return await scale(newRS, to: replicas, deployment: deployment, surge: surge, manager: manager)
        }
        // Scale up the new ReplicaSet within maxSurge.
        let total = olds.reduce(0) { $0 + $1.specReplicas } + newRS.specReplicas
        if newRS.specReplicas > replicas {
            newRS = await scale(newRS, to: replicas, deployment: deployment, surge: surge, manager: manager)
        } else if newRS.specReplicas < replicas {
            let room = replicas + surge - total
            if room > 0 {
                let target = newRS.specReplicas + min(room, replicas - newRS.specReplicas)
                newRS = await scale(newRS, to: target, deployment: deployment, surge: surge, manager: manager)
            }
        }
        // Scale down old ReplicaSets while enough pods stay available.
        let allCount = olds.reduce(0) { $0 + $1.specReplicas } + newRS.specReplicas
        let minAvailable = replicas - unavailable
        let newUnavailable = newRS.specReplicas - newRS.statusInt("availableReplicas")
        var maxScaledDown = allCount - minAvailable - newUnavailable
        guard maxScaledDown > 0 else { return newRS }
        // First old pods that are not available anyway.
        for index in olds.indices where maxScaledDown > 0 {
            let rs = olds[index]
            let unhealthy = rs.specReplicas - rs.statusInt("availableReplicas")
            guard unhealthy > 0 else { continue }
            let step = min(unhealthy, maxScaledDown)
            olds[index] = await scale(rs, to: rs.specReplicas - step, deployment: deployment, surge: surge, manager: manager)
            maxScaledDown -= step
        }
        // Then available old pods, oldest ReplicaSet first.
        let available = olds.reduce(0) { $0 + $1.statusInt("availableReplicas") } + newRS.statusInt("availableReplicas")
        var canScaleDown = min(available - minAvailable, maxScaledDown)
        for index in olds.indices where canScaleDown > 0 {
            let rs = olds[index]
            guard rs.specReplicas > 0 else { continue }
            let step = min(rs.specReplicas, canScaleDown)
            olds[index] = await scale(rs, to: rs.specReplicas - step, deployment: deployment, surge: surge, manager: manager)
            canScaleDown -= step
        }
        return newRS
    }

    private func rolloutRecreate(
        _ deployment: JSONValue, newRS: JSONValue, olds: inout [JSONValue], manager: isolated ControllerManager
    ) async -> JSONValue {
        var scaledDown = false
        for index in olds.indices where olds[index].specReplicas > 0 {
            olds[index] = await scale(olds[index], to: 0, deployment: deployment, surge: 0, manager: manager)
            scaledDown = true
        }
        if scaledDown { return newRS }
        let oldPods = olds.flatMap { manager.cache.controlled(by: $0.uid, .pods) }
        guard oldPods.isEmpty else { return newRS }
        return await scale(newRS, to: deployment.specReplicas, deployment: deployment, surge: 0, manager: manager)
    }

    /// Deletes old, empty ReplicaSets beyond `revisionHistoryLimit`.
    private func cleanup(_ deployment: JSONValue, olds: [JSONValue], manager: isolated ControllerManager) async {
        let limit = Int(deployment[path: "spec", "revisionHistoryLimit"]?.intValue ?? 10)
        let empty = olds.filter { $0.specReplicas == 0 && $0.statusInt("replicas") == 0 }
        guard empty.count > limit else { return }
        for rs in empty.prefix(empty.count - limit) {
            await manager.delete(.replicasets, namespace: rs.namespace, name: rs.name, uid: rs.uid)
        }
    }

    private func syncStatus(
        _ deployment: JSONValue, newRS: JSONValue?, olds: [JSONValue], unavailable: Int,
        progress: (reason: String, message: String)?, manager: isolated ControllerManager
    ) async {
        let now = manager.now
        // Re-read what the cache has now (the sets may just have been resized).
        let all = ([newRS].compactMap { $0 } + olds).map { manager.cache.get(.replicasets, $0.namespace, $0.name) ?? $0 }
        let current = newRS.flatMap { manager.cache.get(.replicasets, $0.namespace, $0.name) ?? $0 }
        let replicas = deployment.specReplicas
        let statusReplicas = all.reduce(0) { $0 + $1.statusInt("replicas") }
        let updated = current?.statusInt("replicas") ?? 0
        let ready = all.reduce(0) { $0 + $1.statusInt("readyReplicas") }
        let available = all.reduce(0) { $0 + $1.statusInt("availableReplicas") }
        let totalSpec = all.reduce(0) { $0 + $1.specReplicas }
        let unavailableReplicas = max(0, totalSpec - available)
        var status: [String: JSONValue] = [
            "observedGeneration": .int(deployment.generation), "replicas": .int(Int64(statusReplicas)),
            "updatedReplicas": .int(Int64(updated)),
        ]
        if ready > 0 { status["readyReplicas"] = .int(Int64(ready)) }
        if available > 0 { status["availableReplicas"] = .int(Int64(available)) }
        if unavailableReplicas > 0 { status["unavailableReplicas"] = .int(Int64(unavailableReplicas)) }
        if let collision = deployment[path: "status", "collisionCount"] { status["collisionCount"] = collision }

        var conditions = deployment[path: "status", "conditions"]?.arrayValue ?? []
        if available >= replicas - unavailable {
            Self.setCondition(&conditions, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now: now)
        } else {
            Self.setCondition(&conditions, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now: now)
        }
        let rsName = current?.name ?? deployment.name
        let oldStatus = deployment["status"] ?? .null
        let oldUpdated = oldStatus["updatedReplicas"]?.intValue ?? 0
        let oldOldReplicas = (oldStatus["replicas"]?.intValue ?? 0) - oldUpdated
        let newOldReplicas = Int64(statusReplicas - updated)
        let complete = updated == replicas && statusReplicas == replicas && available == replicas
        let progressing = Int64(updated) > oldUpdated || newOldReplicas < oldOldReplicas
            || Int64(ready) > (oldStatus["readyReplicas"]?.intValue ?? 0)
            || Int64(available) > (oldStatus["availableReplicas"]?.intValue ?? 0)
        let existing = conditions.first { $0["type"]?.stringValue == "Progressing" }
        let deadline = deployment[path: "spec", "progressDeadlineSeconds"]?.intValue
        if deployment[path: "spec", "paused"]?.boolValue == true {
            Self.setCondition(&conditions, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", now: now)
        } else if let progress {
            Self.setCondition(&conditions, "Progressing", "True", progress.reason, progress.message, now: now, forceUpdate: true)
        } else if complete {
            Self.setCondition(
                &conditions, "Progressing", "True", "NewReplicaSetAvailable",
                "ReplicaSet \"\(rsName)\" has successfully progressed.", now: now)
        } else if progressing || existing == nil {
            Self.setCondition(
                &conditions, "Progressing", "True", "ReplicaSetUpdated", "ReplicaSet \"\(rsName)\" is progressing.",
                now: now, forceUpdate: true)
        } else if let deadline, let existing, existing["reason"]?.stringValue != "NewReplicaSetAvailable" {
            let from = existing["lastUpdateTime"]?.stringValue.flatMap(KubeTime.parse) ?? now
            if existing["reason"]?.stringValue != "ProgressDeadlineExceeded" {
                if now.timeIntervalSince(from) > Double(deadline) {
                    Self.setCondition(
                        &conditions, "Progressing", "False", "ProgressDeadlineExceeded",
                        "ReplicaSet \"\(rsName)\" has timed out progressing.", now: now)
                } else {
                    manager.enqueue(
                        self, ObjectKey(namespace: deployment.namespace, name: deployment.name),
                        at: from.addingTimeInterval(Double(deadline) + 1))
                }
            }
        }
        if let deadline, !complete, let progressCondition = conditions.first(where: { $0["type"]?.stringValue == "Progressing" }),
            progressCondition["status"]?.stringValue == "True",
            progressCondition["reason"]?.stringValue != "NewReplicaSetAvailable",
            let from = progressCondition["lastUpdateTime"]?.stringValue.flatMap(KubeTime.parse),
            from.addingTimeInterval(Double(deadline) + 1) > now
        {
            manager.enqueue(
                self, ObjectKey(namespace: deployment.namespace, name: deployment.name),
                at: from.addingTimeInterval(Double(deadline) + 1))
        }
        status["conditions"] = .array(conditions)
        let newStatus = JSONValue.object(status)

        if let current, let revision = current.annotation(Self.revisionAnnotation),
            deployment.annotation(Self.revisionAnnotation) != revision
        {
            await manager.patch(
                .deployments, namespace: deployment.namespace, name: deployment.name,
                ["metadata": ["annotations": [Self.revisionAnnotation: .string(revision)]]])
        }
        guard oldStatus != newStatus else { return }
        await manager.writeStatus(.deployments, manager.cache.get(.deployments, deployment.namespace, deployment.name) ?? deployment, status: newStatus)
    }

    /// Sets a deployment condition: `lastUpdateTime` moves when the reason changes or on
    /// `forceUpdate` (progress), `lastTransitionTime` only when the status changes.
    static func setCondition(
        _ conditions: inout [JSONValue], _ type: String, _ status: String, _ reason: String, _ message: String, now: Date,
        forceUpdate: Bool = false
    ) {
        let index = conditions.firstIndex { $0["type"]?.stringValue == type }
        let existing = index.map { conditions[$0] }
        if let existing, existing["status"]?.stringValue == status, existing["reason"]?.stringValue == reason,
            existing["message"]?.stringValue == message, !forceUpdate
        {
            return
        }
        let time = SimObjects.time(now)
        var transition = time
        if let existing, existing["status"]?.stringValue == status, let previous = existing["lastTransitionTime"] {
            transition = previous
        }
        let condition: JSONValue = [
            "type": .string(type), "status": .string(status), "lastUpdateTime": time, "lastTransitionTime": transition,
            "reason": .string(reason), "message": .string(message),
        ]
        if let index { conditions[index] = condition } else { conditions.append(condition) }
    }
}
