import Foundation
import KubeAPI
import KubeModels
import Remediation

/// What the console does, independent of HTTP: builds snapshots from the watch caches, finds
/// actions, records decisions through `ActionClient` (which never executes anything).
public final class ConsoleService: Sendable {
    public let configuration: ConsoleConfiguration
    public let feed: ClusterFeed
    public let actions: ActionClient
    public let authenticator: any ConsoleAuthenticator
    public let filter: any IncidentEventFilter
    public let metrics: ConsoleMetrics
    /// The agent chat; nil when no model is configured (the page then says how to configure one).
    public let chat: ChatRoom?
    let csrf: CSRFGuard
    let now: @Sendable () -> Date

    public init(
        configuration: ConsoleConfiguration, feed: ClusterFeed, actions: ActionClient,
        authenticator: any ConsoleAuthenticator, filter: any IncidentEventFilter = FailureReasonFilter(),
        metrics: ConsoleMetrics, chat: ChatRoom? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.chat = chat
        self.configuration = configuration
        self.feed = feed
        self.actions = actions
        self.authenticator = authenticator
        self.filter = filter
        self.metrics = metrics
        self.csrf = CSRFGuard(secret: configuration.csrfSecret)
        self.now = now
    }

    /// The actions in the cache.
    public func cachedActions() async -> [ActionObject] {
        await feed.actions.all().compactMap { try? ActionObject(raw: $0) }
    }

    public func health() async -> HealthReport {
        HealthReport(
            deployments: await feed.deployments.all(), statefulSets: await feed.statefulSets.all(),
            daemonSets: await feed.daemonSets.all(), sandboxes: await feed.sandboxes.all())
    }

    public func incidents() async -> IncidentList {
        IncidentList(events: await feed.events.all(), filter: filter, now: now(), window: configuration.incidentWindow)
    }

    public func snapshot() async -> ConsoleSnapshot {
        ConsoleSnapshot(
            actions: await cachedActions(), health: await health(), incidents: await incidents(), now: now(),
            recentWindow: configuration.recentWindow)
    }

    /// One action from the cache (or the API server when the cache has not seen it yet) and its Events.
    public func action(_ name: String) async throws -> (ActionObject, [ActionDetail.EventLine]) {
        let cached = await feed.actions.items(namespace: configuration.namespace)
            .first { $0[path: "metadata", "name"]?.stringValue == name }
        let action: ActionObject
        if let cached {
            action = try ActionObject(raw: cached)
        } else {
            action = try await actions.get(name)
        }
        let events = await feed.actionEvents.items(namespace: action.namespace).filter {
            $0[path: "involvedObject", "kind"]?.stringValue == ActionObject.kind
                && $0[path: "involvedObject", "name"]?.stringValue == name
        }
        return (action, ActionDetail(action, events: events, now: now()).events)
    }

    /// Approves or rejects as `identity`.
    public func decide(_ name: String, approve: Bool, identity: ApproverIdentity, reason: String?) async throws
        -> ActionObject
    {
        if approve { return try await actions.approve(name, by: identity) }
        let text = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return try await actions.reject(name, by: identity, reason: text.isEmpty ? "rejected in the console" : text)
    }
}
