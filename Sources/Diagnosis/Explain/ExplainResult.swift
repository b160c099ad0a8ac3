/// One corpus pattern that recognised the text.
public struct ExplainMatch: Codable, Sendable, Hashable {
    public var id: String
    public var title: String
    /// Rank: specificity × 10 plus the number of matchers that fired.
    public var score: Int
    /// What each firing matcher matched (cleaned, at most 160 characters each).
    public var matchedText: [String]
    public var meaning: String
    public var likelyCauses: [String]
    public var nextChecks: [String]
    /// The finding class `diagnose` reports for this condition, if any.
    public var findingClass: FindingClass?
}

/// The answer of `explain`: the best matching patterns, or advice when none matched.
public struct ExplainResult: Codable, Sendable {
    /// The start of the input, cleaned for display.
    public var input: String
    public var inputBytes: Int
    /// Best first.
    public var matches: [ExplainMatch]
    /// Set when nothing matched: what to do instead.
    public var noMatch: String?

    static let noMatchAdvice =
        "No known Kubernetes error pattern matches this text. It may be application-specific: see what changed "
        + "around it with `kars-sre what-changed --since 30m`, and look at the affected object with "
        + "`kars-sre describe KIND/NAME` (events at every level)."
}

extension ExplainResult: TextRenderable {
    public func renderText(style: TextStyle) -> String {
        guard let best = matches.first else {
            return "No match for: \(input)\n\(noMatch ?? Self.noMatchAdvice)\n"
        }
        var text = style.paint(best.title, .emphasis) + "\n"
        text += "Pattern:        \(best.id)\n"
        if let findingClass = best.findingClass { text += "Finding class:  \(findingClass.rawValue)\n" }
        text += "Matched:        " + best.matchedText.map { "\"\($0)\"" }.joined(separator: ", ") + "\n"
        text += "Meaning:        \(best.meaning)\n"
        text += "Likely causes:\n" + best.likelyCauses.map { "  - \($0)\n" }.joined()
        text += "Next checks:\n" + best.nextChecks.map { "  $ \($0)\n" }.joined()
        let others = matches.dropFirst()
        if !others.isEmpty {
            var table = TextTable(headers: ["Also matches", "Class", "Title"])
            for match in others {
                table.append([TextCell(match.id), TextCell(match.findingClass?.rawValue ?? "-"), TextCell(match.title)])
            }
            text += "\n" + table.render(style: style)
        }
        return text
    }
}
