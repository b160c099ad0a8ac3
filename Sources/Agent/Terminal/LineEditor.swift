/// The terminal-independent line editor: a buffer of characters (grapheme clusters, so the cursor
/// never lands inside a multi-byte or combined character), a cursor, and the history. Fed keys,
/// it says what happened; `render` produces the bytes that redraw the line.
public struct LineEditor: Sendable {
    /// What a key did.
    public enum Outcome: Equatable, Sendable {
        /// The buffer or cursor changed (or nothing did): redraw.
        case edited
        /// Enter: the line is done (and recorded in the history when storable).
        case submitted(String)
        /// Ctrl-C on a non-empty line: the line was dropped, start a fresh one.
        case cancelled
        /// Ctrl-C or Ctrl-D on an empty line: the user wants to leave.
        case exit
        case clearScreen
        case suspend
    }

    public private(set) var buffer: [Character] = []
    /// Position in `buffer`, 0...buffer.count.
    public private(set) var cursor = 0
    public private(set) var history: LineHistory
    /// Set when the last submitted line was newly added to the history (to persist it).
    public private(set) var lastSubmissionStored = false

    public init(history: LineHistory = LineHistory()) {
        self.history = history
    }

    public var line: String { String(buffer) }

    public mutating func handle(_ key: EditorKey) -> Outcome {
        switch key {
        case .insert(let scalar): insert(scalar)
        case .enter:
            let submitted = line
            lastSubmissionStored = history.add(submitted)
            buffer = []
            cursor = 0
            return .submitted(submitted)
        case .backspace:
            if cursor > 0 {
                buffer.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete:
            if cursor < buffer.count { buffer.remove(at: cursor) }
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(buffer.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = buffer.count
        case .wordLeft: cursor = wordStart(before: cursor)
        case .wordRight: cursor = wordEnd(after: cursor)
        case .up: if let older = history.older(leaving: buffer) { show(older) }
        case .down: if let newer = history.newer(leaving: buffer) { show(newer) }
        case .killToStart:
            buffer.removeSubrange(0..<cursor)
            cursor = 0
        case .killToEnd: buffer.removeSubrange(cursor...)
        case .deleteWordBefore:
            let start = wordStart(before: cursor)
            buffer.removeSubrange(start..<cursor)
            cursor = start
        case .interrupt:
            let empty = buffer.isEmpty
            buffer = []
            cursor = 0
            history.resetBrowsing()
            return empty ? .exit : .cancelled
        case .endOfInput:
            if buffer.isEmpty { return .exit }
            if cursor < buffer.count { buffer.remove(at: cursor) }
        case .clearScreen: return .clearScreen
        case .suspend: return .suspend
        }
        return .edited
    }

    /// Inserts a scalar at the cursor; a combining mark joins the character before it.
    private mutating func insert(_ scalar: Unicode.Scalar) {
        var prefix = String(buffer[..<cursor])
        prefix.unicodeScalars.append(scalar)
        let head = Array(prefix)
        let all = Array(prefix + String(buffer[cursor...]))
        buffer = all
        cursor = min(head.count, all.count)
    }

    private mutating func show(_ characters: [Character]) {
        buffer = characters
        cursor = characters.count
    }

    private func wordStart(before index: Int) -> Int {
        var position = index
        while position > 0, buffer[position - 1].isWhitespace { position -= 1 }
        while position > 0, !buffer[position - 1].isWhitespace { position -= 1 }
        return position
    }

    private func wordEnd(after index: Int) -> Int {
        var position = index
        while position < buffer.count, buffer[position].isWhitespace { position += 1 }
        while position < buffer.count, !buffer[position].isWhitespace { position += 1 }
        return position
    }

    /// The bytes that redraw the line in place: carriage return, prompt, the visible part of the
    /// buffer, clear to end of line, cursor moved back to its column. A line wider than the
    /// terminal scrolls sideways so the cursor stays visible.
    public func render(prompt: String, columns: Int) -> String {
        let promptWidth = DisplayWidth.of(prompt)
        let room = max(1, columns - promptWidth - 1)
        let widths = buffer.map(DisplayWidth.of)
        var start = 0
        var beforeCursor = widths[..<cursor].reduce(0, +)
        while beforeCursor > room, start < cursor {
            beforeCursor -= widths[start]
            start += 1
        }
        var end = cursor
        var used = beforeCursor
        while end < buffer.count, used + widths[end] <= room {
            used += widths[end]
            end += 1
        }
        let afterCursor = used - beforeCursor
        var out = "\r" + prompt + String(buffer[start..<end]) + "\u{1B}[K"
        if afterCursor > 0 { out += "\u{1B}[\(afterCursor)D" }
        return out
    }
}
