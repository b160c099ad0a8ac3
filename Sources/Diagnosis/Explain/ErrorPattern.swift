/// One entry of the known-error corpus behind `explain`: how to recognise a Kubernetes error
/// message, what it means and what to check next.
public struct ErrorPattern: Sendable, Codable, Hashable {
    /// How a pattern recognises text: a case-insensitive substring or a case-insensitive regular
    /// expression (ICU syntax; every repetition is bounded so a match is linear in the input).
    public enum Matcher: Sendable, Codable, Hashable {
        case text(String)
        case regex(String)
    }

    /// Stable identifier, e.g. `image-tag-not-found`.
    public var id: String
    /// Short human title.
    public var title: String
    /// Any one of these matching makes the pattern match.
    public var matchers: [Matcher]
    /// How specific the pattern is: between patterns that match, the most specific ranks first.
    public var specificity: Int
    /// What the message means.
    public var meaning: String
    public var likelyCauses: [String]
    /// kubectl and kars-sre commands to run next.
    public var nextChecks: [String]
    /// The finding class `diagnose` reports for this condition, when there is one.
    public var findingClass: FindingClass?
    /// A realistic message this pattern must recognise (used by the tests and `explain --list`).
    public var example: String

    public init(
        id: String, title: String, matchers: [Matcher], specificity: Int, meaning: String, likelyCauses: [String],
        nextChecks: [String], findingClass: FindingClass?, example: String
    ) {
        self.id = id
        self.title = title
        self.matchers = matchers
        self.specificity = specificity
        self.meaning = meaning
        self.likelyCauses = likelyCauses
        self.nextChecks = nextChecks
        self.findingClass = findingClass
        self.example = example
    }
}
