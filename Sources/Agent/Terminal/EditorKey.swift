/// One key press as the line editor understands it, decoded from the bytes a terminal sends.
/// Keeping keys separate from bytes lets the editor be tested without a terminal.
public enum EditorKey: Equatable, Sendable {
    case insert(Unicode.Scalar)
    case enter
    case backspace
    case delete
    case left, right, home, end
    case wordLeft, wordRight
    case up, down
    /// Ctrl-U: delete from the start of the line to the cursor.
    case killToStart
    /// Ctrl-K: delete from the cursor to the end of the line.
    case killToEnd
    /// Ctrl-W: delete the word before the cursor.
    case deleteWordBefore
    /// Ctrl-C.
    case interrupt
    /// Ctrl-D.
    case endOfInput
    /// Ctrl-L.
    case clearScreen
    /// Ctrl-Z.
    case suspend
}
