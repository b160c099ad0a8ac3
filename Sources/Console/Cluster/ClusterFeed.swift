import Foundation
import KubeAPI
import KubeModels
import Remediation

/// The console's view of the cluster: list-then-watch caches (Reflector) of KarsSREActions,
/// Warning Events (all namespaces), the Events of the actions namespace, workloads and
/// KarsSandboxes. Pages, the JSON API and live updates all read these
/// caches, so no browser causes an API request of its own.
public final class ClusterFeed: Sendable {
    public let actions: ObjectCache
    /// Warning Events of every namespace (the incidents).
    public let events = ObjectCache(resource: .events)
    /// Every Event of the actions namespace (the action pages' Events).
    public let actionEvents = ObjectCache(resource: .events)
    public let deployments = ObjectCache(resource: .deployments)
    public let statefulSets = ObjectCache(resource: .statefulSets)
    public let daemonSets = ObjectCache(resource: .daemonSets)
    public let sandboxes = ObjectCache(resource: .karsSandboxes)
    public let hub = ChangeHub()
    let client: KubeClient
    let namespace: String
    let state = FeedState()
    let onAction: @Sendable (ReflectorEvent) async -> Void

    public init(client: KubeClient, namespace: String, onAction: @escaping @Sendable (ReflectorEvent) async -> Void = { _ in }) {
        self.client = client
        self.namespace = namespace
        self.actions = ObjectCache(resource: .karsSREActions)
        self.onAction = onAction
    }

    var caches: [(ObjectCache, APIResource, String?)] {
        [
            (actions, .karsSREActions, namespace), (events, .events, nil), (actionEvents, .events, namespace),
            (deployments, .deployments, nil), (statefulSets, .statefulSets, nil), (daemonSets, .daemonSets, nil),
            (sandboxes, .karsSandboxes, nil),
        ]
    }

    /// Runs the watches until the calling task is cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            for (cache, resource, namespace) in caches {
                let selector = cache === events ? "type=Warning" : nil
                group.addTask { await self.pump(cache, resource: resource, namespace: namespace, fieldSelector: selector) }
            }
        }
    }

    /// True once every cache received its first list (or its kind is not installed).
    public func isReady() async -> Bool {
        for (cache, resource, _) in caches where !(await cache.isSynced) {
            if await !state.isAbsent(resource) { return false }
        }
        return true
    }

    /// Why the console is not ready, for /readyz.
    public func notReady() async -> [String] {
        var missing: [String] = []
        for (cache, resource, _) in caches where !(await cache.isSynced) {
            if await !state.isAbsent(resource) { missing.append(resource.description) }
        }
        return missing
    }

    private func pump(_ cache: ObjectCache, resource: APIResource, namespace: String?, fieldSelector: String?) async {
        var failures = 0
        while !Task.isCancelled {
            let reflector = Reflector(client: client, resource: resource, namespace: namespace, fieldSelector: fieldSelector)
            do {
                for try await event in reflector.events() {
                    failures = 0
                    await cache.apply(event)
                    if resource == .karsSREActions { await onAction(event) }
                    await hub.bump()
                }
            } catch {
                if Task.isCancelled { return }
                if let error = error as? KubeAPIError, error.httpCode == 404 {
                    // The kind is not installed (e.g. no KarsSandbox CRD): an empty section, not an outage.
                    await state.markAbsent(resource)
                    await cache.apply(.replaced(items: [], resourceVersion: ""))
                    await hub.bump()
                }
                failures += 1
            }
            let delay = min(30.0, 0.5 * Double(1 << min(failures, 6)))
            try? await Task.sleep(for: .milliseconds(Int64(delay * 1000)))
        }
    }
}

/// Kinds the API server does not serve.
actor FeedState {
    private var absent: Set<APIResource> = []
    func markAbsent(_ resource: APIResource) { absent.insert(resource) }
    func isAbsent(_ resource: APIResource) -> Bool { absent.contains(resource) }
}
