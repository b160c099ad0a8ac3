import KubeModels

/// One open watch: what it selects and where its events go.
struct WatchSubscription: Sendable {
    var type: ResourceType
    var version: String?
    var filter: ObjectFilter
    var continuation: AsyncStream<WatchEvent>.Continuation
    var lastRevision: UInt64
}

/// A watch stream together with its identifier (to request bookmarks or end it).
public struct WatchHandle: Sendable {
    public let id: Int
    public let events: AsyncStream<WatchEvent>
}

extension ClusterStore {
    /// Starts a WATCH. From `resourceVersion` "" or "0" it begins with ADDED events for every
    /// matching object; from a specific version it replays the changes after it, or yields one
    /// ERROR event with a 410 Expired Status if that version has left the history window.
    public func watch(_ resource: GroupResource, namespace: String? = nil, options: ListOptions = ListOptions(), version: String? = nil)
        throws(APIError) -> WatchHandle
    {
        let type = try resolve(resource)
        let filter = try ObjectFilter(namespace: type.namespaced ? namespace : nil, options: options, resource: resource)
        let (stream, continuation) = AsyncStream<WatchEvent>.makeStream()
        let id = nextSubscriptionID
        nextSubscriptionID += 1
        let requested = options.resourceVersion ?? ""
        if requested.isEmpty || requested == "0" || options.sendInitialEvents {
            for key in orderedKeys(type.storage) {
                guard let stored = buckets[type.storage]?[key] else { continue }
                let shown = present(stored, type: type, version: version)
                if filter.matches(shown.object) {
                    continuation.yield(WatchEvent(type: .added, object: shown.object, encoded: shown.encoded, resourceVersion: shown.resourceVersion))
                }
            }
            if options.sendInitialEvents, options.allowWatchBookmarks {
                continuation.yield(bookmarkEvent(type: type, version: version, initialEventsEnd: true))
            }
        } else {
            guard let from = UInt64(requested) else {
                throw APIError.badRequest("invalid resource version: \(requested)")
            }
            if from < history.compactedRevision {
                let status = APIError.gone("too old resource version: \(from) (\(history.compactedRevision + 1))").status
                let object = (try? JSONValue(encoding: status)) ?? .null
                continuation.yield(WatchEvent(type: .error, object: object, encoded: JSONWriter.encode(object), resourceVersion: 0))
                continuation.finish()
                return WatchHandle(id: id, events: stream)
            }
            for entry in history.entries(after: from, resource: type.storage) {
                if let event = Self.event(for: entry.type, object: entry.object, old: entry.oldObject, type: type, version: version, filter: filter, store: self) {
                    continuation.yield(event)
                }
            }
        }
        watchers[id] = WatchSubscription(type: type, version: version, filter: filter, continuation: continuation, lastRevision: revision)
        continuation.onTermination = { [weak self] _ in
            Task { await self?.endWatch(id) }
        }
        return WatchHandle(id: id, events: stream)
    }

    /// Ends a watch (the client went away or its timeout passed).
    public func endWatch(_ id: Int) {
        if let subscription = watchers.removeValue(forKey: id) {
            subscription.continuation.finish()
        }
    }

    /// Sends a BOOKMARK carrying the current revision into the watch, in order with its events.
    public func bookmark(_ id: Int) {
        guard let subscription = watchers[id] else { return }
        subscription.continuation.yield(bookmarkEvent(type: subscription.type, version: subscription.version, initialEventsEnd: false))
    }

    /// A BOOKMARK at the current revision: an object of the watched kind with only a resourceVersion.
    func bookmarkEvent(type: ResourceType, version: String?, initialEventsEnd: Bool) -> WatchEvent {
        var metadata: JSONValue = ["resourceVersion": .string(String(revision))]
        if initialEventsEnd { metadata["annotations"] = ["k8s.io/initial-events-end": "true"] }
        let object: JSONValue = [
            "kind": .string(type.kind),
            "apiVersion": .string(ResourceType.apiVersion(group: type.group, version: version ?? type.preferredVersion)),
            "metadata": metadata,
        ]
        return WatchEvent(type: .bookmark, object: object, encoded: JSONWriter.encode(object), resourceVersion: revision)
    }

    func deliver(type eventType: WatchEventType, storage: GroupResource, object: StoredObject, old: JSONValue?) {
        for subscription in watchers.values where subscription.type.storage == storage {
            if let event = Self.event(
                for: eventType, object: object, old: old, type: subscription.type, version: subscription.version,
                filter: subscription.filter, store: self)
            {
                subscription.continuation.yield(event)
            }
        }
    }

    /// Maps a change to what a filtered watcher sees: a modification that moves an object into or
    /// out of the selection becomes ADDED or DELETED, as the real watch cache does.
    static func event(
        for eventType: WatchEventType, object: StoredObject, old: JSONValue?, type: ResourceType, version: String?,
        filter: ObjectFilter, store: isolated ClusterStore
    ) -> WatchEvent? {
        let shown = store.present(object, type: type, version: version)
        let matchesNew = filter.matches(shown.object)
        let matchesOld = old.map { filter.matches(Conversion.present($0, as: type, version: version)) } ?? false
        let outType: WatchEventType
        switch eventType {
        case .added:
            guard matchesNew else { return nil }
            outType = .added
        case .modified:
            if matchesNew && matchesOld {
                outType = .modified
            } else if matchesNew {
                outType = .added
            } else if matchesOld {
                outType = .deleted
            } else {
                return nil
            }
        case .deleted:
            guard matchesNew || matchesOld else { return nil }
            outType = .deleted
        default:
            return nil
        }
        return WatchEvent(type: outType, object: shown.object, encoded: shown.encoded, resourceVersion: shown.resourceVersion)
    }
}
