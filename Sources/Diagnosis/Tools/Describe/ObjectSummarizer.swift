import ClusterState
import Foundation
import KubeModels

/// Turns one object into a `DescribedObject`: its kind-specific state and its events.
struct ObjectSummarizer {
    let state: ClusterState
    let eventLimit: Int

    func describe(_ object: KubeObject) -> DescribedObject {
        let key = ObjectKey(object)
        var node = DescribedObject(ref: ResourceRef(key))
        node.created = object.metadata.creationTimestamp
        let events = state.events(for: key)
        node.events = events.prefix(eventLimit).map(EventSummary.init)
        if events.count > eventLimit { node.omittedEvents = events.count - eventLimit }
        switch object.kind {
        case "Pod": if let pod = try? object.decode(as: Pod.self) { summarize(pod, into: &node) }
        case "Deployment": if let model = try? object.decode(as: Deployment.self) { summarize(model, into: &node) }
        case "ReplicaSet": if let model = try? object.decode(as: ReplicaSet.self) { summarize(model, into: &node) }
        case "StatefulSet": if let model = try? object.decode(as: StatefulSet.self) { summarize(model, into: &node) }
        case "DaemonSet": if let model = try? object.decode(as: DaemonSet.self) { summarize(model, into: &node) }
        case "Job": if let model = try? object.decode(as: Job.self) { summarize(model, into: &node) }
        case "CronJob": if let model = try? object.decode(as: CronJob.self) { summarize(model, into: &node) }
        case "Service": if let model = try? object.decode(as: Service.self) { summarize(model, into: &node) }
        case "EndpointSlice": if let model = try? object.decode(as: EndpointSlice.self) { summarize(model, into: &node) }
        case "Node": if let model = try? object.decode(as: Node.self) { summarize(model, into: &node) }
        case "PersistentVolumeClaim": if let model = try? object.decode(as: PersistentVolumeClaim.self) { summarize(model, into: &node) }
        case "KarsSandbox": if let model = try? object.decode(as: KarsSandbox.self) { summarize(model, into: &node) }
        default: summarizeGeneric(object, into: &node)
        }
        return node
    }

    private func summarize(_ pod: Pod, into node: inout DescribedObject) {
        let facts = PodFacts(pod: pod)
        node.status = facts.statusText
        node.phase = pod.status?.phase
        node.ready = facts.readyText
        node.restarts = facts.restarts
        node.images = facts.images
        node.node = pod.spec?.nodeName
        let reasons = facts.reasons
        node.reasons = reasons.isEmpty ? nil : reasons
        if let deletion = pod.metadata.deletionTimestamp {
            let grace = pod.metadata.deletionGracePeriodSeconds.map { ", grace \($0)s" } ?? ""
            node.details.append(DescribeDetail("Deleting", "since \(Age.since(deletion, now: state.now)) ago\(grace)"))
        }
        if let ip = pod.status?.podIP { node.details.append(DescribeDetail("IP", ip)) }
        let failing = facts.failingConditions
        if !failing.isEmpty { node.details.append(DescribeDetail("Conditions", failing.joined(separator: "; "))) }
        if let message = pod.status?.message, !message.isEmpty { node.details.append(DescribeDetail("Message", message)) }
    }

    private func summarize(_ deployment: Deployment, into node: inout DescribedObject) {
        let status = deployment.status
        node.revision = deployment.annotations["deployment.kubernetes.io/revision"].flatMap { Int($0) }
        node.replicas = ReplicaCounts(
            desired: deployment.desiredReplicas, current: status?.replicas ?? 0, ready: status?.readyReplicas ?? 0,
            available: status?.availableReplicas ?? 0, updated: status?.updatedReplicas ?? 0)
        node.status = "\(status?.availableReplicas ?? 0)/\(deployment.desiredReplicas) available"
        node.images = deployment.spec?.template?.images
        if let selector = deployment.spec?.selector { node.details.append(DescribeDetail("Selector", selector.queryString)) }
        if let conditions = status?.conditions, !conditions.isEmpty {
            node.details.append(DescribeDetail("Conditions", conditions.summaryText))
        }
        if deployment.spec?.paused == true { node.details.append(DescribeDetail("Paused", "true")) }
    }

    private func summarize(_ replicaSet: ReplicaSet, into node: inout DescribedObject) {
        node.revision = replicaSet.revision
        let desired = replicaSet.spec?.replicas ?? 1
        node.replicas = ReplicaCounts(
            desired: desired, current: replicaSet.status?.replicas ?? 0, ready: replicaSet.status?.readyReplicas ?? 0,
            available: replicaSet.status?.availableReplicas ?? 0)
        node.status = "\(replicaSet.status?.readyReplicas ?? 0)/\(desired) ready"
        node.images = replicaSet.spec?.template?.images
        if let conditions = replicaSet.status?.conditions, !conditions.isEmpty {
            node.details.append(DescribeDetail("Conditions", conditions.summaryText))
        }
    }

    private func summarize(_ statefulSet: StatefulSet, into node: inout DescribedObject) {
        let status = statefulSet.status
        let desired = statefulSet.spec?.replicas ?? 1
        node.replicas = ReplicaCounts(
            desired: desired, current: status?.currentReplicas ?? 0, ready: status?.readyReplicas ?? 0,
            available: status?.availableReplicas, updated: status?.updatedReplicas ?? 0)
        node.status = "\(status?.readyReplicas ?? 0)/\(desired) ready"
        node.images = statefulSet.spec?.template?.images
        if let service = statefulSet.spec?.serviceName { node.details.append(DescribeDetail("Service", service)) }
        if let current = status?.currentRevision, let update = status?.updateRevision, current != update {
            node.details.append(DescribeDetail("Rollout", "\(current) → \(update)"))
        }
    }

    private func summarize(_ daemonSet: DaemonSet, into node: inout DescribedObject) {
        let status = daemonSet.status
        let desired = status?.desiredNumberScheduled ?? 0
        node.replicas = ReplicaCounts(
            desired: desired, current: status?.currentNumberScheduled ?? 0, ready: status?.numberReady ?? 0,
            available: status?.numberAvailable ?? 0, updated: status?.updatedNumberScheduled ?? 0)
        node.status = "\(status?.numberReady ?? 0)/\(desired) ready"
        node.images = daemonSet.spec?.template?.images
        if let misscheduled = status?.numberMisscheduled, misscheduled > 0 {
            node.details.append(DescribeDetail("Misscheduled", String(misscheduled)))
        }
    }

    private func summarize(_ job: Job, into node: inout DescribedObject) {
        let status = job.status
        let conditions = (status?.conditions ?? []).filter { $0.status == "True" }
        node.status = conditions.first { $0.type == "Failed" || $0.type == "Complete" }?.type
            ?? (job.spec?.suspend == true ? "Suspended" : "Running")
        node.images = job.spec?.template?.images
        let completions = job.spec?.completions.map(String.init) ?? "1"
        node.details.append(DescribeDetail(
            "Pods", "\(status?.active ?? 0) active, \(status?.succeeded ?? 0) succeeded, \(status?.failed ?? 0) failed (completions \(completions), backoffLimit \(job.spec?.backoffLimit ?? 6))"))
        if !conditions.isEmpty {
            let text = conditions.map { "\($0.type)" + ($0.reason.map { " (\($0))" } ?? "") + ($0.message.map { ": \($0)" } ?? "") }
            node.details.append(DescribeDetail("Conditions", text.joined(separator: "; ")))
        }
    }

    private func summarize(_ cronJob: CronJob, into node: inout DescribedObject) {
        node.status = cronJob.spec?.suspend == true ? "Suspended" : "Active"
        node.images = cronJob.spec?.jobTemplate?.spec?.template?.images
        if let schedule = cronJob.spec?.schedule { node.details.append(DescribeDetail("Schedule", schedule)) }
        if let last = cronJob.status?.lastScheduleTime {
            node.details.append(DescribeDetail("Last schedule", "\(Age.since(last, now: state.now)) ago"))
        }
        node.details.append(DescribeDetail("Active jobs", String(cronJob.status?.active?.count ?? 0)))
    }

    private func summarize(_ service: Service, into node: inout DescribedObject) {
        let spec = service.spec
        node.status = spec?.type ?? "ClusterIP"
        if let ip = spec?.clusterIP { node.details.append(DescribeDetail("Cluster IP", ip)) }
        if let selector = spec?.selector, !selector.isEmpty {
            let text = selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            let matching = state.pods(in: service.namespace, matchingLabels: selector)
            node.details.append(DescribeDetail("Selector", text))
            node.details.append(DescribeDetail("Matching pods", "\(matching.count) (\(matching.filter(\.isReady).count) ready)"))
        } else {
            node.details.append(DescribeDetail("Selector", "<none> (endpoints are managed by hand)"))
        }
        let ports = (spec?.ports ?? []).map { port in
            "\(port.name.map { "\($0) " } ?? "")\(port.port)→\(port.targetPort?.description ?? String(port.port))/\(port.protocol ?? "TCP")"
        }
        if !ports.isEmpty { node.details.append(DescribeDetail("Ports", ports.joined(separator: ", "))) }
    }

    private func summarize(_ slice: EndpointSlice, into node: inout DescribedObject) {
        let endpoints = slice.endpoints ?? []
        let ready = endpoints.filter { $0.conditions?.ready ?? true }.flatMap(\.addresses)
        let notReady = endpoints.filter { !($0.conditions?.ready ?? true) }.flatMap(\.addresses)
        node.status = "\(ready.count) ready, \(notReady.count) not ready"
        node.details.append(DescribeDetail("Ready", ready.isEmpty ? "<none>" : ready.joined(separator: ", ")))
        if !notReady.isEmpty { node.details.append(DescribeDetail("Not ready", notReady.joined(separator: ", "))) }
        let ports = (slice.ports ?? []).map { "\($0.name.map { "\($0) " } ?? "")\($0.port.map(String.init) ?? "?")/\($0.protocol ?? "TCP")" }
        if !ports.isEmpty { node.details.append(DescribeDetail("Ports", ports.joined(separator: ", "))) }
    }

    private func summarize(_ model: Node, into node: inout DescribedObject) {
        let ready = model.readyCondition
        node.status = ready.map { $0.status == "True" ? "Ready" : "NotReady (\($0.status))" } ?? "Unknown"
        if model.spec?.unschedulable == true { node.status = (node.status ?? "") + ",SchedulingDisabled" }
        let pressure = (model.status?.conditions ?? []).filter { $0.type != "Ready" && $0.status == "True" }
        if !pressure.isEmpty { node.details.append(DescribeDetail("Pressure", pressure.map(\.type).joined(separator: ", "))) }
        if let ready, ready.status != "True" {
            node.details.append(DescribeDetail("Ready", "\(ready.status) \(ready.reason ?? ""): \(ready.message ?? "")"))
        }
        if let taints = model.spec?.taints, !taints.isEmpty {
            node.details.append(DescribeDetail("Taints", taints.map { "\($0.key)\($0.value.map { "=\($0)" } ?? ""):\($0.effect)" }.joined(separator: ", ")))
        }
        if let allocatable = model.status?.allocatable {
            let text = ["cpu", "memory", "pods"].compactMap { key in allocatable[key].map { "\(key) \($0)" } }.joined(separator: ", ")
            if !text.isEmpty { node.details.append(DescribeDetail("Allocatable", text)) }
        }
    }

    private func summarize(_ claim: PersistentVolumeClaim, into node: inout DescribedObject) {
        node.status = claim.status?.phase ?? "Unknown"
        node.details.append(DescribeDetail("StorageClass", claim.spec?.storageClassName ?? "<none>"))
        if let volume = claim.spec?.volumeName { node.details.append(DescribeDetail("Volume", volume)) }
        if let modes = claim.spec?.accessModes { node.details.append(DescribeDetail("Access modes", modes.joined(separator: ","))) }
        if let size = claim.spec?.resources?.requests?["storage"] { node.details.append(DescribeDetail("Requested", size.description)) }
    }

    private func summarize(_ sandbox: KarsSandbox, into node: inout DescribedObject) {
        node.status = sandbox.status?.phase ?? "Unknown"
        node.details.append(DescribeDetail("Workload", "\(sandbox.workloadNamespace)/Deployment/\(sandbox.workloadDeployment)"))
        if let conditions = sandbox.status?.conditions, !conditions.isEmpty {
            node.details.append(DescribeDetail("Conditions", conditions.summaryText))
        }
    }

    private func summarizeGeneric(_ object: KubeObject, into node: inout DescribedObject) {
        if let phase = object.raw["status"]?["phase"]?.stringValue { node.status = phase }
        if let conditions = try? object.raw["status"]?["conditions"]?.decode(as: [Condition].self), !conditions.isEmpty {
            node.details.append(DescribeDetail("Conditions", conditions.summaryText))
        }
    }
}
