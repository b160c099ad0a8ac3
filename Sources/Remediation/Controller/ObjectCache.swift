import Foundation
import KubeAPI
import KubeModels

/// An in-memory copy of one resource kept current by a `Reflector` (list, then watch): what the
/// controller's recovery observation reads, so recovery is seen as the watch delivers it.
public actor ObjectCache {
    public let resource: APIResource
    private var objects: [String: JSONValue] = [:]
    private var synced = false
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]

    public init(resource: APIResource) {
        self.resource = resource
    }

    static func key(_ object: JSONValue) -> String {
        let namespace = object[path: "metadata", "namespace"]?.stringValue ?? ""
        return "\(namespace)/\(object[path: "metadata", "name"]?.stringValue ?? "")"
    }

    /// Applies one reflector event; returns the namespace it touched.
    @discardableResult
    public func apply(_ event: ReflectorEvent) -> Set<String> {
        switch event {
        case .replaced(let items, _):
            let before = Set(objects.values.compactMap { $0[path: "metadata", "namespace"]?.stringValue })
            objects = Dictionary(items.map { (Self.key($0), $0) }, uniquingKeysWith: { _, last in last })
            if !synced {
                synced = true
                waiters.values.forEach { $0.resume() }
                waiters = [:]
            }
            return before.union(items.compactMap { $0[path: "metadata", "namespace"]?.stringValue })
        case .added(let object), .modified(let object):
            objects[Self.key(object)] = object
            return Set([object[path: "metadata", "namespace"]?.stringValue ?? ""])
        case .deleted(let object):
            objects[Self.key(object)] = nil
            return Set([object[path: "metadata", "namespace"]?.stringValue ?? ""])
        }
    }

    /// Objects of one namespace.
    public func items(namespace: String) -> [JSONValue] {
        let prefix = namespace + "/"
        return objects.filter { $0.key.hasPrefix(prefix) }.map(\.value)
    }

    public func all() -> [JSONValue] { Array(objects.values) }

    public var isSynced: Bool { synced }

    /// Returns once the first full list arrived, or when the waiting task is cancelled (a
    /// controller stopped while it starts must not hang on a watch that never delivered).
    public func waitUntilSynced() async {
        if synced { return }
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if synced || Task.isCancelled {
                    continuation.resume()
                } else {
                    waiters[id] = continuation
                }
            }
        } onCancel: {
            Task { await self.stopWaiting(id) }
        }
    }

    private func stopWaiting(_ id: UUID) {
        waiters.removeValue(forKey: id)?.resume()
    }
}
