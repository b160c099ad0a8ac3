import Foundation

/// Finds the items of a `kubectl get -o json` List in one structural pass over its bytes, so that
/// each item can be parsed on its own (on any core) and kept as its own text.
package enum JSONListScanner {
    /// Byte offsets (from the first byte of `data`) of the elements of the top-level `items` array,
    /// when the document is an object whose last `items` member is an array of objects and every
    /// other member is valid JSON. Nil for anything else: the caller then parses the whole
    /// document, which reports any error exactly. The items themselves are only delimited here,
    /// not validated: the caller parses each one (at depth 2, see `JSONParser.parse(_:depth:)`).
    package static func itemRanges(in data: Data) -> [Range<Int>]? {
        data.withUnsafeBytes { raw in
            var scanner = Scanner(bytes: raw.bindMemory(to: UInt8.self))
            return scanner.list()
        }
    }
}

private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func parses(_ range: Range<Int>, depth: Int) -> JSONValue? {
        try? JSONParser.parse(UnsafeBufferPointer(rebasing: bytes[range]), depth: depth)
    }

    mutating func list() -> [Range<Int>]? {
        skipWhitespace()
        guard current == UInt8(ascii: "{") else { return nil }
        index += 1
        var items: [Range<Int>]?
        skipWhitespace()
        if current == UInt8(ascii: "}") { return nil }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\""), let keyEnd = endOfString(from: index),
                let key = parses(index..<keyEnd, depth: 1)?.stringValue
            else { return nil }
            index = keyEnd
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { return nil }
            index += 1
            skipWhitespace()
            if key == "items", current == UInt8(ascii: "[") {
                guard let ranges = elements() else { return nil }
                items = ranges
            } else {
                if key == "items" { items = nil }
                let start = index
                guard let end = endOfValue(from: start), parses(start..<end, depth: 1) != nil else { return nil }
                index = end
            }
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                index += 1
            } else if current == UInt8(ascii: "}") {
                index += 1
                break
            } else {
                return nil
            }
        }
        skipWhitespace()
        guard index == bytes.count else { return nil }
        return items
    }

    /// The elements of the array at `index`, each an object.
    private mutating func elements() -> [Range<Int>]? {
        index += 1
        var ranges: [Range<Int>] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            return ranges
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "{"), let end = endOfValue(from: index) else { return nil }
            ranges.append(index..<end)
            index = end
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                index += 1
            } else if current == UInt8(ascii: "]") {
                index += 1
                return ranges
            } else {
                return nil
            }
        }
    }

    /// One past the end of the value starting at `start`: matching bracket, closing quote, or the
    /// end of a literal.
    private func endOfValue(from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return endOfString(from: start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var position = start
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\""):
                    guard let end = endOfString(from: position) else { return nil }
                    position = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return position + 1 }
                default:
                    break
                }
                position += 1
            }
            return nil
        default:
            var position = start
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D: return position
                default: position += 1
                }
            }
            return position
        }
    }

    /// One past the closing quote of the string whose opening quote is at `start`.
    private func endOfString(from start: Int) -> Int? {
        var position = start + 1
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\\"): position += 2
            case UInt8(ascii: "\""): return position + 1
            default: position += 1
            }
        }
        return nil
    }
}
