/// A credential (bot token, webhook URL, signing secret). Its description is redacted, so that
/// interpolating it into a log line or an error never leaks it.
public struct SecretValue: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The value itself: use only where the channel needs it on the wire.
    public let reveal: String

    public init(_ value: String) { reveal = value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
