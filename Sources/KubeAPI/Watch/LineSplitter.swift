import Foundation

/// Reassembles newline-delimited records (watch events, log lines) from chunks that may split
/// a record anywhere, including inside a multi-byte UTF-8 character.
public struct LineSplitter: Sendable {
    private var buffer = Data()

    public init() {}

    /// Appends a chunk and returns the complete lines it finished (without `\n` or `\r\n`).
    public mutating func append(_ chunk: Data) -> [Data] {
        buffer.append(chunk)
        var lines: [Data] = []
        var start = buffer.startIndex
        while let newline = buffer[start...].firstIndex(of: 0x0A) {
            var end = newline
            if end > start, buffer[end - 1] == 0x0D { end -= 1 }
            if end > start { lines.append(Data(buffer[start..<end])) }
            start = newline + 1
        }
        buffer = Data(buffer[start...])
        return lines
    }

    /// The trailing record without a final newline, if any.
    public mutating func finish() -> Data? {
        defer { buffer = Data() }
        let trimmed = buffer.drop { $0 == 0x20 || $0 == 0x0D }
        return trimmed.isEmpty ? nil : Data(trimmed)
    }
}
