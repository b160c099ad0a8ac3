import KubeModels
import KubeSim

// KubeSim and KubeAPI both define ListOptions and UserInfo; this file sees only KubeSim's.
typealias SimListOptions = ListOptions
typealias SimUserInfo = UserInfo
typealias SimWriteOptions = WriteOptions
typealias JSONValueAlias = JSONValue

/// One committed change of the store, without KubeSim's own types leaking into test files that
/// also import KubeAPI.
struct KubeSimChange: Sendable {
    var type: String
    var resource: String
    var namespace: String
    var name: String
    var object: JSONValue
    var oldObject: JSONValue?
}

extension ClusterStore {
    /// The change feed as `KubeSimChange`s.
    func simpleChanges() -> AsyncStream<KubeSimChange> {
        let changes = self.changes()
        return AsyncStream { continuation in
            let task = Task {
                for await change in changes {
                    continuation.yield(
                        KubeSimChange(
                            type: change.type.rawValue, resource: change.resource.description,
                            namespace: change.object[path: "metadata", "namespace"]?.stringValue ?? "",
                            name: change.object[path: "metadata", "name"]?.stringValue ?? "", object: change.object,
                            oldObject: change.oldObject))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
