import Foundation
import KubeAPI
import KubeModels

/// Deletes one-shot Roles and RoleBindings that no running execution of this process uses: what a
/// crash or a lost connection left behind. Runs at start-up and on every resync.
public struct OrphanSweeper: Sendable {
    public var reader: KubeClient
    public var active: ActiveGrants
    public var log: RemediationLogger

    public init(reader: KubeClient, active: ActiveGrants, log: @escaping RemediationLogger = RemediationLog.standardError) {
        self.reader = reader
        self.active = active
        self.log = log
    }

    /// Deletes the orphans; returns `namespace/name` of each deleted object.
    @discardableResult
    public func sweep() async -> [String] {
        var deleted: [String] = []
        for resource in [APIResource.roleBindings, .roles] {
            let items: [JSONValue]
            do {
                items = try await reader.listAll(
                    resource, namespace: nil, options: ListOptions(labelSelector: OneShotGrant.selector)
                ).items
            } catch {
                log("sweep: cannot list one-shot \(resource.kind)s: \(error)")
                continue
            }
            let inUse = await active.all
            for item in items {
                guard let name = item[path: "metadata", "name"]?.stringValue,
                    let namespace = item[path: "metadata", "namespace"]?.stringValue
                else { continue }
                let key = "\(namespace)/\(name)"
                guard !inUse.contains(key) else { continue }
                do {
                    try await reader.delete(
                        resource, name: name, namespace: namespace,
                        options: DeleteOptions(preconditionUID: item[path: "metadata", "uid"]?.stringValue))
                    deleted.append("\(resource.kind) \(key)")
                } catch let error as KubeAPIError where error.isNotFound {
                    continue
                } catch {
                    log("sweep: cannot delete one-shot \(resource.kind) \(key): \(error)")
                }
            }
        }
        if !deleted.isEmpty { log("sweep: deleted orphaned one-shot grant objects: \(deleted.joined(separator: ", "))") }
        return deleted
    }
}
