/// Earlier input lines and the position while browsing them with up/down. Browsing keeps what
/// was typed but not yet sent (and edits made to a recalled line) until the line is submitted,
/// as shells do. Only lines `HistoryFilter` accepts are kept; the oldest go beyond `limit`.
public struct LineHistory: Sendable {
    public private(set) var entries: [String]
    public let limit: Int
    /// The entry being shown; `entries.count` is the line being typed.
    public private(set) var position: Int
    private var edits: [Int: [Character]] = [:]

    public init(entries: [String] = [], limit: Int = HistoryFile.defaultLimit) {
        self.limit = max(1, limit)
        self.entries = Array(entries.filter(HistoryFilter.isStorable).suffix(self.limit))
        self.position = self.entries.count
    }

    /// Records a submitted line; false when it is not stored (empty, a repeat of the previous
    /// entry, starting with a space, or secret-looking). Browsing starts again from the end.
    @discardableResult
    public mutating func add(_ line: String) -> Bool {
        edits = [:]
        defer { position = entries.count }
        guard HistoryFilter.isStorable(line), entries.last != line else { return false }
        entries.append(line)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        return true
    }

    /// Forgets the browsing state (after Ctrl-C).
    public mutating func resetBrowsing() {
        edits = [:]
        position = entries.count
    }

    /// The line one entry older than the current one, or nil at the oldest.
    mutating func older(leaving current: [Character]) -> [Character]? {
        guard position > 0 else { return nil }
        return move(to: position - 1, leaving: current)
    }

    /// The line one entry newer than the current one, or nil at the line being typed.
    mutating func newer(leaving current: [Character]) -> [Character]? {
        guard position < entries.count else { return nil }
        return move(to: position + 1, leaving: current)
    }

    private mutating func move(to target: Int, leaving current: [Character]) -> [Character] {
        edits[position] = current
        position = target
        if let edited = edits[target] { return edited }
        return target < entries.count ? Array(entries[target]) : []
    }
}

/// Which lines may be written to the history: never anything that looks like a secret (what the
/// audit redaction would change), nor lines starting with a space (a way to keep a line out, as in
/// shells), empty lines, control characters or very long lines.
public enum HistoryFilter {
    public static let maxLength = 4096

    public static func isStorable(_ line: String) -> Bool {
        guard !line.isEmpty, line.utf8.count <= maxLength, line.first != " " else { return false }
        guard !line.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
            return false
        }
        guard line.contains(where: { !$0.isWhitespace }) else { return false }
        return AuditRedaction.redactText(line) == line
    }
}
