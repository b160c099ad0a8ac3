/// Why a read-only tool could not answer: a usage mistake, or an object that is not there.
/// The description is the message the CLI prints.
public enum ToolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The arguments are wrong; the text says how to call the tool.
    case usage(String)
    /// The object does not exist (in the namespace asked for).
    case notFound(String)
    /// The name exists in several namespaces and none was given.
    case ambiguous(String)

    public var description: String {
        switch self {
        case .usage(let text), .notFound(let text), .ambiguous(let text): return text
        }
    }
}
