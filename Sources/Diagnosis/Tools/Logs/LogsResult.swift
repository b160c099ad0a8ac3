/// The answer of `logs`: the last lines of one container, cleaned, redacted and capped.
public struct LogsResult: Codable, Sendable {
    public var namespace: String?
    public var pod: String
    public var container: String?
    public var previous: Bool
    /// The lines, oldest first, without control characters, secrets masked, each at most
    /// `LogsTool.maxLineLength` characters.
    public var lines: [String]
    /// Lines received from the API.
    public var linesReceived: Int
    /// Whether older lines were dropped to respect the cap.
    public var truncated: Bool
    /// Values masked by `LogRedaction`.
    public var redactions: Int
    public var note: String?
}

extension LogsResult: TextRenderable {
    public func renderText(style: TextStyle) -> String {
        var text = lines.map { $0 + "\n" }.joined()
        var notes: [String] = []
        if lines.isEmpty { notes.append("no log lines") }
        if truncated { notes.append("showing the last \(lines.count) of \(linesReceived) lines") }
        if redactions > 0 { notes.append("\(redactions) secret-looking value\(redactions == 1 ? "" : "s") masked") }
        if let note { notes.append(note) }
        if !notes.isEmpty { text += style.paint("--- kars-sre: " + notes.joined(separator: "; "), .dim) + "\n" }
        return text
    }
}
