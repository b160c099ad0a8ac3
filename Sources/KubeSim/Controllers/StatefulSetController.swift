import Foundation
import KubeModels

/// The statefulset controller: ordinal pods `<name>-0`, `<name>-1`, … created in order.
///
/// With `podManagementPolicy: OrderedReady` (the default) pod N+1 is created only once pod N is
/// Running and Ready; a pod that is terminating (for instance stuck on a lost node) blocks its
/// ordinal, so it is not replaced until it is gone, as on a real cluster. Pods carry the
/// `controller-revision-hash`, `statefulset.kubernetes.io/pod-name` and `apps.kubernetes.io/pod-index`
/// labels; every template has a `ControllerRevision` (`ControllerHistory`: `kubectl rollout history`
/// and `undo` work); a template change replaces pods from the highest ordinal down. Claims of
/// `volumeClaimTemplates` (`<template>-<name>-<ordinal>`) are created and bound. Create failures are
/// `FailedCreate` events (`create Pod db-0 in StatefulSet db failed error: ...`) retried with the
/// same per-item back-off as ReplicaSets.
final class StatefulSetController: SimController {
    let name = "statefulset-controller"
    let watches: Set<GroupResource> = [.statefulsets, .pods]
    static let source = EventSource(component: "statefulset-controller")

    private var failures: [ObjectKey: Int] = [:]

    func handle(_ change: CacheChange, manager: isolated ControllerManager) {
        if change.resource == .statefulsets {
            manager.enqueue(self, change.key)
            return
        }
        for pod in [change.object, change.old].compactMap({ $0 }) {
            guard let owner = pod.controllerReference, owner["kind"]?.stringValue == "StatefulSet",
                let name = owner["name"]?.stringValue
            else { continue }
            manager.enqueue(self, ObjectKey(namespace: pod.namespace, name: name))
        }
    }

    static func ordinal(of pod: JSONValue, set: String) -> Int? {
        guard pod.name.hasPrefix(set + "-") else { return nil }
        return Int(pod.name.dropFirst(set.count + 1))
    }

    func reconcile(_ key: ObjectKey, manager: isolated ControllerManager) async {
        guard let set = manager.cache.get(.statefulsets, key), !set.isBeingDeleted else {
            failures[key] = nil
            return
        }
        let replicas = max(set.specReplicas, 0)
        let template = set[path: "spec", "template"] ?? .object([:])
        let hash = TemplateHash.hash(template)
        let revision = "\(set.name)-\(hash)"
        let parallel = set[path: "spec", "podManagementPolicy"]?.stringValue == "Parallel"
        let pods = manager.cache.controlled(by: set.uid, .pods)
        var inUse = Set(pods.compactMap { $0.labels["controller-revision-hash"] })
        if let current = set[path: "status", "currentRevision"]?.stringValue { inUse.insert(current) }
        await ControllerHistory(owner: set, hashLabel: ControllerHistory.statefulSetHashLabel)
            .sync(template: template, hash: hash, inUse: inUse, manager: manager)
        var byOrdinal: [Int: JSONValue] = [:]
        for pod in pods {
            if let ordinal = Self.ordinal(of: pod, set: set.name) { byOrdinal[ordinal] = pod }
        }
        var failure: String?
        // Create (or replace failed) pods in order.
        for ordinal in 0..<replicas {
            if let pod = byOrdinal[ordinal] {
                if pod.isBeingDeleted {
                    if !parallel { break }
                    continue
                }
                if pod.podPhase == "Failed" || pod.podPhase == "Succeeded" {
                    await manager.delete(.pods, namespace: pod.namespace, name: pod.name, uid: pod.uid)
                    await manager.event(
                        set, reason: "SuccessfulDelete", message: "delete Pod \(pod.name) in StatefulSet \(set.name) successful",
                        source: Self.source)
                    if !parallel { break }
                    continue
                }
                if !parallel, !(pod.podPhase == "Running" && pod.isReadyPod) { break }
                continue
            }
            if let error = await createPod(set, ordinal: ordinal, template: template, revision: revision, manager: manager) {
                failure = error
                break
            }
            if !parallel { break }
        }
        // Scale down from the highest ordinal, one at a time.
        if failure == nil {
            let surplus = byOrdinal.keys.filter { $0 >= replicas }.sorted(by: >)
            if let ordinal = surplus.first, let pod = byOrdinal[ordinal], !pod.isBeingDeleted {
                await manager.delete(.pods, namespace: pod.namespace, name: pod.name, uid: pod.uid)
                await manager.event(
                    set, reason: "SuccessfulDelete", message: "delete Pod \(pod.name) in StatefulSet \(set.name) successful",
                    source: Self.source)
            } else if surplus.isEmpty {
                await rollingUpdate(set, pods: byOrdinal, replicas: replicas, revision: revision, manager: manager)
            }
        }
        await updateStatus(set, revision: revision, manager: manager)
        if failure != nil {
            let count = (failures[key] ?? 0) + 1
            failures[key] = count
            manager.enqueue(self, key, after: ReplicaSetController.backoff(failures: count))
        } else {
            failures[key] = nil
        }
    }

    private func createPod(
        _ set: JSONValue, ordinal: Int, template: JSONValue, revision: String, manager: isolated ControllerManager
    ) async -> String? {
        let podName = "\(set.name)-\(ordinal)"
        for claim in set[path: "spec", "volumeClaimTemplates"]?.arrayValue ?? [] {
            await ensureClaim(claim, set: set, ordinal: ordinal, manager: manager)
        }
        var pod = SimObjects.pod(
            from: template, name: podName, generateName: nil, namespace: set.namespace, owner: set,
            extraLabels: [
                "controller-revision-hash": revision, "statefulset.kubernetes.io/pod-name": podName,
                "apps.kubernetes.io/pod-index": String(ordinal),
            ])
        pod.setValue(.string(podName), at: ["spec", "hostname"])
        if let service = set[path: "spec", "serviceName"]?.stringValue, !service.isEmpty {
            pod.setValue(.string(service), at: ["spec", "subdomain"])
        }
        var volumes = pod[path: "spec", "volumes"]?.arrayValue ?? []
        for claim in set[path: "spec", "volumeClaimTemplates"]?.arrayValue ?? [] {
            let claimName = claim[path: "metadata", "name"]?.stringValue ?? "data"
            volumes.removeAll { $0["name"]?.stringValue == claimName }
            volumes.append([
                "name": .string(claimName),
                "persistentVolumeClaim": ["claimName": .string("\(claimName)-\(set.name)-\(ordinal)")],
            ])
        }
        if !volumes.isEmpty { pod.setValue(.array(volumes), at: ["spec", "volumes"]) }
        switch await manager.create(.pods, pod) {
        case .success:
            await manager.event(
                set, reason: "SuccessfulCreate", message: "create Pod \(podName) in StatefulSet \(set.name) successful",
                source: Self.source)
            return nil
        case .failure(let error):
            if error.reason == "AlreadyExists" { return nil }
            await manager.event(
                set, type: "Warning", reason: "FailedCreate",
                message: "create Pod \(podName) in StatefulSet \(set.name) failed error: \(error.message)", source: Self.source)
            return error.message
        }
    }

    /// Creates the claim of a volume claim template, bound as a dynamic provisioner would.
    private func ensureClaim(_ template: JSONValue, set: JSONValue, ordinal: Int, manager: isolated ControllerManager) async {
        let name = "\(template[path: "metadata", "name"]?.stringValue ?? "data")-\(set.name)-\(ordinal)"
        guard manager.cache.get(SimResource.persistentvolumeclaims, set.namespace, name) == nil else { return }
        var labels = set[path: "spec", "selector", "matchLabels"]?.objectValue ?? [:]
        for (key, value) in template[path: "metadata", "labels"]?.objectValue ?? [:] { labels[key] = value }
        let spec = template["spec"] ?? .object([:])
        let claim: JSONValue = [
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": ["name": .string(name), "namespace": .string(set.namespace), "labels": .object(labels)],
            "spec": spec,
        ]
        guard case .success(let created) = await manager.create(SimResource.persistentvolumeclaims, claim) else { return }
        let capacity = spec[path: "resources", "requests", "storage"] ?? "1Gi"
        await manager.writeStatus(
            SimResource.persistentvolumeclaims, created,
            status: ["phase": "Bound", "accessModes": spec["accessModes"] ?? ["ReadWriteOnce"], "capacity": ["storage": capacity]])
    }

    /// Replaces the highest-ordinal pod of an old revision once all pods are Running and Ready.
    private func rollingUpdate(
        _ set: JSONValue, pods: [Int: JSONValue], replicas: Int, revision: String, manager: isolated ControllerManager
    ) async {
        guard set[path: "spec", "updateStrategy", "type"]?.stringValue != "OnDelete" else { return }
        let partition = Int(set[path: "spec", "updateStrategy", "rollingUpdate", "partition"]?.intValue ?? 0)
        guard pods.count == replicas, pods.values.allSatisfy({ $0.isReadyPod && !$0.isBeingDeleted }) else { return }
        for ordinal in (0..<replicas).reversed() where ordinal >= partition {
            guard let pod = pods[ordinal], pod.labels["controller-revision-hash"] != revision else { continue }
            await manager.delete(.pods, namespace: pod.namespace, name: pod.name, uid: pod.uid)
            await manager.event(
                set, reason: "SuccessfulDelete", message: "delete Pod \(pod.name) in StatefulSet \(set.name) successful",
                source: Self.source)
            return
        }
    }

    private func updateStatus(_ set: JSONValue, revision: String, manager: isolated ControllerManager) async {
        let pods = manager.cache.controlled(by: set.uid, .pods)
        let ready = pods.filter { $0.isReadyPod && !$0.isBeingDeleted }.count
        let updated = pods.filter { $0.labels["controller-revision-hash"] == revision }.count
        let current = set[path: "status", "currentRevision"]?.stringValue ?? revision
        let allUpdated = updated == pods.count && pods.count == set.specReplicas
        var status: [String: JSONValue] = [
            "observedGeneration": .int(set.generation), "replicas": .int(Int64(pods.count)),
            "currentReplicas": .int(Int64(allUpdated ? pods.count : pods.filter { $0.labels["controller-revision-hash"] == current }.count)),
            "updatedReplicas": .int(Int64(updated)), "currentRevision": .string(allUpdated ? revision : current),
            "updateRevision": .string(revision), "collisionCount": 0,
        ]
        if ready > 0 {
            status["readyReplicas"] = .int(Int64(ready))
            status["availableReplicas"] = .int(Int64(ready))
        }
        let newStatus = JSONValue.object(status)
        if set["status"] != newStatus { await manager.writeStatus(.statefulsets, set, status: newStatus) }
    }
}
