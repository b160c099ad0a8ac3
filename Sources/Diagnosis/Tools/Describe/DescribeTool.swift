import Foundation
import ClusterState
import KubeModels

/// `describe KIND/NAME`: the owner graph around one object with the events at every level —
/// Deployment → ReplicaSets → Pods; StatefulSet/DaemonSet/Job → Pods; CronJob → Jobs → Pods;
/// Service → EndpointSlices → Pods; Node → its pods; Pod → its claims, and its controllers up.
public enum DescribeTool {
    /// The kinds `describe` reads.
    public static let kinds: [KindRequirement] =
        KindRequirement.workloads + [.services, .endpointSlices, .nodes, .persistentVolumeClaims, .karsSandboxes]
        + KindRequirement.allEvents
    /// Children listed per object; the rest are counted in `omittedChildren`.
    public static let maxChildren = 50
    /// Events listed per object, newest first; the rest are counted in `omittedEvents`.
    public static let maxEvents = 20

    /// Describes `KIND/NAME` or `KIND NAME`; with `namespace` nil the name is searched in every
    /// namespace (an error when it is in several).
    public static func describe(_ arguments: [String], namespace: String?, in state: ClusterState) throws(ToolError) -> DescribeResult {
        let (kind, name) = try ObjectLookup.parse(arguments)
        return try describe(kind: kind, name: name, namespace: namespace, in: state)
    }

    /// Describes the object of that kind (any alias kubectl accepts) and name.
    public static func describe(kind: String, name: String, namespace: String?, in state: ClusterState) throws(ToolError) -> DescribeResult {
        let object = try ObjectLookup.find(kind: kind, name: name, namespace: namespace, in: state)
        let builder = OwnerTreeBuilder(state: state, summarizer: ObjectSummarizer(state: state, eventLimit: maxEvents))
        var visited: Set<ObjectKey> = [ObjectKey(object)]
        let owners = builder.owners(of: object)
        for owner in owners { visited.insert(owner.ref.key) }
        return DescribeResult(now: state.now, object: builder.tree(object, depth: 0, visited: &visited), owners: owners)
    }
}

/// Walks the owner graph down (children) and up (controllers).
struct OwnerTreeBuilder {
    let state: ClusterState
    let summarizer: ObjectSummarizer
    let maxDepth = 4

    func tree(_ object: KubeObject, depth: Int, visited: inout Set<ObjectKey>) -> DescribedObject {
        var node = summarizer.describe(object)
        guard depth < maxDepth else { return node }
        let children = childObjects(of: object).filter { !visited.contains(ObjectKey($0)) }
        for child in children.prefix(DescribeTool.maxChildren) {
            guard visited.insert(ObjectKey(child)).inserted else { continue }
            node.children.append(tree(child, depth: depth + 1, visited: &visited))
        }
        if children.count > DescribeTool.maxChildren { node.omittedChildren = children.count - DescribeTool.maxChildren }
        return node
    }

    /// Controllers above the object, nearest first, each with its events.
    func owners(of object: KubeObject) -> [DescribedObject] {
        var result: [DescribedObject] = []
        var seen: Set<ObjectKey> = [ObjectKey(object)]
        var current = object
        while let owner = state.controller(of: current.metadata, namespace: current.namespace),
            seen.insert(ObjectKey(owner)).inserted
        {
            result.append(summarizer.describe(owner))
            current = owner
        }
        return result
    }

    func childObjects(of object: KubeObject) -> [KubeObject] {
        let owned = state.children(of: object).filter { !ObjectLookup.isEvent($0) }
        switch object.kind {
        case "Deployment":
            return owned.filter { $0.kind == "ReplicaSet" }.sorted { revision($0) > revision($1) }
        case "CronJob":
            return owned.filter { $0.kind == "Job" }.sorted { created($0) > created($1) }
        case "ReplicaSet", "StatefulSet", "DaemonSet", "Job":
            return owned.filter { $0.kind == "Pod" }.sorted { $0.name < $1.name }
        case "Pod":
            let claims = (try? object.decode(as: Pod.self)).map { PodFacts(pod: $0).claimNames } ?? []
            return claims.compactMap { state.object(ObjectKey(kind: "PersistentVolumeClaim", namespace: object.namespace, name: $0)) }
        case "Service":
            return state.objects.filter {
                $0.kind == "EndpointSlice" && $0.namespace == object.namespace
                    && $0.metadata.labels?["kubernetes.io/service-name"] == object.name
            }.sorted { $0.name < $1.name }
        case "EndpointSlice":
            let slice = try? object.decode(as: EndpointSlice.self)
            let names = (slice?.endpoints ?? []).compactMap { $0.targetRef?.kind == "Pod" ? $0.targetRef?.name : nil }
            return names.compactMap { state.object(ObjectKey(kind: "Pod", namespace: object.namespace, name: $0)) }
        case "Node":
            return state.pods.filter { $0.spec?.nodeName == object.name }
                .sorted { ($0.namespace ?? "", $0.name) < ($1.namespace ?? "", $1.name) }
                .compactMap { state.object(ObjectKey($0)) }
        case "PersistentVolumeClaim":
            return state.pods.filter { $0.namespace == object.namespace && PodFacts(pod: $0).claimNames.contains(object.name) }
                .compactMap { state.object(ObjectKey($0)) }
        case "KarsSandbox":
            guard let sandbox = try? object.decode(as: KarsSandbox.self) else { return [] }
            let key = ObjectKey(kind: "Deployment", namespace: sandbox.workloadNamespace, name: sandbox.workloadDeployment)
            return state.object(key).map { [$0] } ?? []
        default:
            return owned.sorted { ($0.kind, $0.name) < ($1.kind, $1.name) }
        }
    }

    private func revision(_ object: KubeObject) -> Int {
        object.metadata.annotations?["deployment.kubernetes.io/revision"].flatMap { Int($0) } ?? 0
    }

    private func created(_ object: KubeObject) -> Date {
        object.metadata.creationTimestamp ?? .distantPast
    }
}
