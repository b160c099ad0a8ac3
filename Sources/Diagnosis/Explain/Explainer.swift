import Foundation

/// Why `explain` refused its input.
public enum ExplainError: Error, Equatable, Sendable, CustomStringConvertible {
    case emptyInput
    case inputTooLong(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .emptyInput:
            return "explain needs the error text to look up, e.g. kars-sre explain \"Back-off restarting failed container\" "
                + "(or `kars-sre explain -` to read it from standard input)"
        case .inputTooLong(let bytes, let limit):
            return "the text is \(bytes) bytes; explain reads at most \(limit) bytes (\(limit / 1024) KiB): "
                + "pass the event message or the few log lines around the error"
        }
    }
}

/// Matches error text against the known-error corpus and ranks the patterns that recognise it.
///
/// The input is data: it is only searched, never interpreted, and it is capped at
/// `maxInputBytes`. Every corpus regex has bounded repetition, so matching stays fast whatever
/// the input.
public enum Explainer {
    /// The largest input accepted (64 KiB).
    public static let maxInputBytes = 64 * 1024

    /// The best matches of `text` in the built-in corpus, best first (at most `limit`).
    public static func explain(_ text: String, limit: Int = 5) throws(ExplainError) -> ExplainResult {
        try explain(text, compiled: defaultCorpus, limit: limit)
    }

    /// The best matches of `text` in a given corpus.
    public static func explain(_ text: String, corpus: [ErrorPattern], limit: Int = 5) throws(ExplainError) -> ExplainResult {
        try explain(text, compiled: corpus.map(CompiledPattern.init), limit: limit)
    }

    /// Ids of corpus patterns whose regular expressions do not compile (a test guard: empty).
    public static func invalidMatchers(in corpus: [ErrorPattern] = ErrorCorpus.all) -> [String] {
        corpus.flatMap { pattern in
            pattern.matchers.compactMap { matcher in
                CompiledPattern.compile(matcher) == nil ? "\(pattern.id): \(matcher)" : nil
            }
        }
    }

    static let defaultCorpus: [CompiledPattern] = ErrorCorpus.all.map(CompiledPattern.init)

    static func explain(_ text: String, compiled: [CompiledPattern], limit: Int) throws(ExplainError) -> ExplainResult {
        let bytes = text.utf8.count
        guard bytes <= maxInputBytes else { throw .inputTooLong(bytes: bytes, limit: maxInputBytes) }
        guard !text.allSatisfy({ $0.isWhitespace || $0.isNewline }) else { throw .emptyInput }
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        var matches: [ExplainMatch] = []
        for entry in compiled {
            var matched: [String] = []
            for regex in entry.matchers {
                guard let result = regex.firstMatch(in: text, options: [], range: range),
                    let found = Range(result.range, in: text)
                else { continue }
                let excerpt = TerminalText.clean(String(text[found]), limit: 160)
                if !matched.contains(excerpt) { matched.append(excerpt) }
            }
            guard !matched.isEmpty else { continue }
            let pattern = entry.pattern
            matches.append(
                ExplainMatch(
                    id: pattern.id, title: pattern.title, score: pattern.specificity * 10 + min(matched.count, 5),
                    matchedText: matched, meaning: pattern.meaning, likelyCauses: pattern.likelyCauses,
                    nextChecks: pattern.nextChecks, findingClass: pattern.findingClass))
        }
        matches.sort { ($0.score, $1.id) > ($1.score, $0.id) }
        let ranked = Array(matches.prefix(max(limit, 1)))
        return ExplainResult(
            input: TerminalText.clean(text, limit: 200), inputBytes: bytes, matches: ranked,
            noMatch: ranked.isEmpty ? ExplainResult.noMatchAdvice : nil)
    }
}

/// A corpus pattern with its matchers compiled once. `NSRegularExpression` is immutable and
/// documented thread-safe, hence the unchecked conformance.
struct CompiledPattern: @unchecked Sendable {
    let pattern: ErrorPattern
    let matchers: [NSRegularExpression]

    init(_ pattern: ErrorPattern) {
        self.pattern = pattern
        matchers = pattern.matchers.compactMap(Self.compile)
    }

    static func compile(_ matcher: ErrorPattern.Matcher) -> NSRegularExpression? {
        switch matcher {
        case .text(let needle):
            return try? NSRegularExpression(pattern: needle, options: [.caseInsensitive, .ignoreMetacharacters])
        case .regex(let source):
            return try? NSRegularExpression(pattern: source, options: [.caseInsensitive])
        }
    }
}
