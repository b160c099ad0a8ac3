import ClusterState
import KubeModels

/// The root object an event is grouped under: the top-most controller when the object is in the
/// state; for an object already gone (a deleted pod), the controller its generated name implies.
struct RootResolver {
    let state: ClusterState

    func root(of key: ObjectKey) -> ObjectKey {
        if state.object(key) != nil { return state.rootController(of: key) }
        guard key.kind == "Pod" || key.kind == "ReplicaSet" || key.kind == "Job" else { return key }
        for candidate in ownerCandidates(of: key) where state.object(candidate) != nil {
            return state.rootController(of: candidate)
        }
        return key
    }

    /// Controllers whose naming scheme would produce this name.
    private func ownerCandidates(of key: ObjectKey) -> [ObjectKey] {
        let name = key.name
        var result: [ObjectKey] = []
        guard let dash = name.lastIndex(of: "-") else { return result }
        let prefix = String(name[..<dash])
        let suffix = name[name.index(after: dash)...]
        switch key.kind {
        case "Pod":
            if suffix.count == 5 {
                for kind in ["ReplicaSet", "Job", "DaemonSet"] { result.append(ObjectKey(kind: kind, namespace: key.namespace, name: prefix)) }
            }
            if suffix.allSatisfy(\.isNumber) { result.append(ObjectKey(kind: "StatefulSet", namespace: key.namespace, name: prefix)) }
        case "ReplicaSet":
            result.append(ObjectKey(kind: "Deployment", namespace: key.namespace, name: prefix))
        case "Job":
            result.append(ObjectKey(kind: "CronJob", namespace: key.namespace, name: prefix))
        default:
            break
        }
        return result
    }
}
