/// A notification channel (Telegram, Slack, Discord, a generic webhook). The seam the watcher and
/// the tests use: `send` delivers one message or throws a `ChannelError` saying why it could not.
public protocol Notifier: Sendable {
    /// A short name for logs (`telegram`, `slack`): never a URL or a token.
    var name: String { get }
    func send(_ notification: IncidentNotification) async throws
    /// Releases connections; called once when the watcher stops.
    func shutdown() async
}

extension Notifier {
    public func shutdown() async {}
}
