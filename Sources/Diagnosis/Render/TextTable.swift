/// One cell of a `TextTable`: cleaned text plus the tone it is painted in.
public struct TextCell: Sendable, Equatable, ExpressibleByStringLiteral {
    /// The text, already free of control characters.
    public var text: String
    public var tone: Tone

    /// A cell from any text; cluster-provided text is cleaned here, so tables are always safe.
    public init(_ text: String, tone: Tone = .plain) {
        self.text = TerminalText.clean(text)
        self.tone = tone
    }

    public init(stringLiteral value: String) { self.init(value) }
}

/// A table as kubectl prints one: upper-case headers, every column padded to its widest cell,
/// three spaces between columns, no trailing spaces.
public struct TextTable: Sendable {
    public var headers: [String]
    public private(set) var rows: [[TextCell]] = []

    public init(headers: [String]) { self.headers = headers.map { $0.uppercased() } }

    /// Appends a row; missing cells are blank and extra cells are dropped.
    public mutating func append(_ cells: [TextCell]) {
        var row = Array(cells.prefix(headers.count))
        while row.count < headers.count { row.append(TextCell("")) }
        rows.append(row)
    }

    /// Appends a row of plain cells.
    public mutating func append(_ cells: String...) { append(cells.map { TextCell($0) }) }

    public var isEmpty: Bool { rows.isEmpty }

    /// The table, one line per row, each line prefixed by `indent` spaces and ended by a newline.
    public func render(style: TextStyle = .plain, indent: Int = 0) -> String {
        guard !headers.isEmpty else { return "" }
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.text.count) }
        }
        let prefix = String(repeating: " ", count: max(indent, 0))
        func line(_ cells: [TextCell]) -> String {
            var text = prefix
            for (index, cell) in cells.enumerated() {
                let isLast = index == cells.count - 1
                let padding = isLast ? "" : String(repeating: " ", count: widths[index] - cell.text.count + 3)
                text += style.paint(cell.text, cell.tone) + padding
            }
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }
        return line(headers.map { TextCell($0) }) + rows.map(line).joined()
    }
}
