import KubeModels

/// What an event source reports to the engine.
public enum FeedItem: Sendable {
    /// A complete list of one API's events: the initial list, a relist after 410 Gone, or a poll.
    case snapshot(api: String, events: [NormalizedEvent])
    /// One event added or updated (a higher count) since.
    case event(NormalizedEvent)
    /// A note for the log (watch forbidden, falling back to polling; an API not served).
    case notice(String)
}

/// Where events come from. The seam between the engine and the API server (tests can feed the
/// engine directly).
public protocol EventFeed: Sendable {
    /// Starts delivering; the stream ends when the consuming task is cancelled.
    func items() -> AsyncStream<FeedItem>
}
