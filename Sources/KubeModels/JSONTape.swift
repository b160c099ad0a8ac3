import Foundation

/// One JSON value (a List item) parsed into a flat array of entries instead of a tree: a single
/// validating pass that allocates nothing per value, after which the typed readers and the event
/// normaliser read only the fields they use, straight from the bytes.
///
/// It accepts and rejects exactly the documents `JSONParser` does, and `value(at:)` builds the very
/// tree `JSONParser` would, so a caller can fall back to the tree for anything the fast readers
/// leave alone. A tape is reused item after item by one thread; the bytes it was parsed from must
/// stay alive while it is read.
package final class JSONTape {
    enum Kind: UInt8 {
        case object, array, key, string, number, trueValue, falseValue, null
    }

    /// One value (or object key). Strings and keys span the text between the quotes; containers
    /// are followed by their members (key, value, key, value, ...) or elements. Offsets are 32-bit:
    /// a longer item is left to `JSONParser`.
    struct Entry {
        var kind: Kind
        /// A string or key with backslash escapes (decoded on read); a number with a fraction or
        /// exponent; an object that may have a key twice.
        var flag: Bool
        var start: Int32
        var end: Int32
        /// The index just past this value and everything inside it.
        var next: Int32
    }

    private var storage: UnsafeMutablePointer<Entry>
    private var capacity: Int
    private var count = 0
    private var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

    /// Thrown for anything `JSONParser` rejects; the caller then parses the plain way for the message.
    package struct Invalid: Error {}

    package init() {
        capacity = 256
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    /// The top-level value of the last parse (valid until the next parse, while the bytes live).
    package var root: JSONTapeNode { JSONTapeNode(view: view, index: 0) }

    var view: JSONTapeView { JSONTapeView(entries: storage, count: count, bytes: bytes) }

    /// Parses one complete value sitting `depth` levels deep in a larger document (see
    /// `JSONParser.parse(_:depth:)`), replacing the previous contents.
    package func parse(_ bytes: UnsafeBufferPointer<UInt8>, depth: Int) throws(Invalid) {
        guard bytes.count < Int(Int32.max), let base = bytes.baseAddress else { throw Invalid() }
        var builder = JSONTapeBuilder(bytes: base, length: bytes.count, storage: storage, capacity: capacity)
        defer {
            storage = builder.storage
            capacity = builder.capacity
            count = builder.count
        }
        self.bytes = bytes
        count = 0
        try builder.parseDocument(depth: depth)
    }
}

/// Builds a tape in one pass; a value type so that its state needs no runtime exclusivity checks.
struct JSONTapeBuilder {
    typealias Entry = JSONTape.Entry
    typealias Invalid = JSONTape.Invalid
    private let bytes: UnsafePointer<UInt8>
    private let length: Int
    private(set) var storage: UnsafeMutablePointer<Entry>
    private(set) var capacity: Int
    private(set) var count = 0
    private var index = 0
    private static let maximumDepth = 512

    init(bytes: UnsafePointer<UInt8>, length: Int, storage: UnsafeMutablePointer<Entry>, capacity: Int) {
        self.bytes = bytes
        self.length = length
        self.storage = storage
        self.capacity = capacity
    }

    mutating func parseDocument(depth: Int) throws(Invalid) {
        skipWhitespace()
        try parseValue(depth: depth)
        skipWhitespace()
        guard index == length else { throw Invalid() }
    }

    @inline(__always)
    private mutating func append(_ entry: Entry) {
        if count == capacity {
            let larger = UnsafeMutablePointer<Entry>.allocate(capacity: capacity * 2)
            larger.moveInitialize(from: storage, count: count)
            storage.deallocate()
            storage = larger
            capacity *= 2
        }
        (storage + count).initialize(to: entry)
        count += 1
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while index < length {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(Invalid) {
        guard depth < Self.maximumDepth, index < length else { throw Invalid() }
        switch bytes[index] {
        case UInt8(ascii: "{"): try parseObject(depth: depth)
        case UInt8(ascii: "["): try parseArray(depth: depth)
        case UInt8(ascii: "\""): try parseString(as: .string)
        case UInt8(ascii: "t"): try literal("true", .trueValue)
        case UInt8(ascii: "f"): try literal("false", .falseValue)
        case UInt8(ascii: "n"): try literal("null", .null)
        default: try parseNumber()
        }
    }

    private mutating func literal(_ text: StaticString, _ kind: JSONTape.Kind) throws(Invalid) {
        let size = text.utf8CodeUnitCount
        guard index + size <= length else { throw Invalid() }
        let pointer = text.utf8Start
        for offset in 0..<size where bytes[index + offset] != pointer[offset] { throw Invalid() }
        append(Entry(kind: kind, flag: false, start: Int32(index), end: Int32(index + size), next: Int32(count + 1)))
        index += size
    }

    private mutating func parseObject(depth: Int) throws(Invalid) {
        let position = count
        append(Entry(kind: .object, flag: false, start: Int32(index), end: Int32(index), next: 0))
        index += 1
        skipWhitespace()
        // A cheap signature of each key: an object whose keys all differ in it has no key twice,
        // so a look-up may stop at the first match (the entry's flag says it may not).
        var signatures: UInt64 = 0
        var mayRepeatKeys = false
        if index < length, bytes[index] == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipWhitespace()
                guard index < length, bytes[index] == UInt8(ascii: "\"") else { throw Invalid() }
                try parseString(as: .key)
                let key = storage[count - 1]
                if key.flag || key.start == key.end {
                    mayRepeatKeys = true
                } else {
                    let size = Int(key.end - key.start)
                    let hash = size &* 7 &+ Int(bytes[Int(key.start)]) &+ Int(bytes[Int(key.end) - 1]) &* 3
                    let bit: UInt64 = 1 << UInt64(hash & 63)
                    if signatures & bit != 0 { mayRepeatKeys = true }
                    signatures |= bit
                }
                skipWhitespace()
                guard index < length, bytes[index] == UInt8(ascii: ":") else { throw Invalid() }
                index += 1
                skipWhitespace()
                try parseValue(depth: depth + 1)
                skipWhitespace()
                guard index < length else { throw Invalid() }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    break
                } else {
                    throw Invalid()
                }
            }
        }
        storage[position].flag = mayRepeatKeys
        storage[position].end = Int32(index)
        storage[position].next = Int32(count)
    }

    private mutating func parseArray(depth: Int) throws(Invalid) {
        let position = count
        append(Entry(kind: .array, flag: false, start: Int32(index), end: Int32(index), next: 0))
        index += 1
        skipWhitespace()
        if index < length, bytes[index] == UInt8(ascii: "]") {
            index += 1
        } else {
            while true {
                skipWhitespace()
                try parseValue(depth: depth + 1)
                skipWhitespace()
                guard index < length else { throw Invalid() }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    break
                } else {
                    throw Invalid()
                }
            }
        }
        storage[position].end = Int32(index)
        storage[position].next = Int32(count)
    }

    /// A string at `index` (its opening quote), validated as `JSONParser` validates it.
    private mutating func parseString(as kind: JSONTape.Kind) throws(Invalid) {
        index += 1
        let start = index
        var escaped = false
        // Eight bytes at a time while none of them is a quote, a backslash or a control character.
        while index + 8 <= length, !Self.hasSpecialByte(UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self)) {
            index += 8
        }
        while index < length {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                append(Entry(kind: kind, flag: escaped, start: Int32(start), end: Int32(index), next: Int32(count + 1)))
                index += 1
                return
            }
            if byte < 0x20 { throw Invalid() }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index += 1
                guard index < length else { throw Invalid() }
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 1
                case UInt8(ascii: "u"):
                    index += 1
                    guard let code = Self.hex4(bytes, length: length, at: index) else { throw Invalid() }
                    index += 4
                    if (0xD800...0xDBFF).contains(code) {
                        guard index + 1 < length, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u"),
                            let low = Self.hex4(bytes, length: length, at: index + 2), (0xDC00...0xDFFF).contains(low)
                        else { throw Invalid() }
                        index += 6
                    } else if Unicode.Scalar(code) == nil {
                        throw Invalid()
                    }
                default:
                    throw Invalid()
                }
                continue
            }
            index += 1
        }
        throw Invalid()
    }

    /// Whether any byte of `word` is `"`, `\\` or below 0x20 (never a false "no").
    @inline(__always)
    private static func hasSpecialByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        return hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C)) || (word &- ones &* 0x20) & ~word & highs != 0
    }

    static func hex4(_ bytes: UnsafePointer<UInt8>, length: Int, at start: Int) -> UInt32? {
        guard start + 4 <= length else { return nil }
        var value: UInt32 = 0
        for position in start..<(start + 4) {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private mutating func parseNumber() throws(Invalid) {
        let start = index
        var isInteger = true
        if index < length, bytes[index] == UInt8(ascii: "-") { index += 1 }
        var digits = 0
        while index < length, (0x30...0x39).contains(bytes[index]) {
            index += 1
            digits += 1
        }
        guard digits > 0 else { throw Invalid() }
        if index < length, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            while index < length, (0x30...0x39).contains(bytes[index]) { index += 1 }
        }
        if index < length, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < length, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            while index < length, (0x30...0x39).contains(bytes[index]) { index += 1 }
        }
        let entry = Entry(kind: .number, flag: !isInteger, start: Int32(start), end: Int32(index), next: Int32(count + 1))
        // The same acceptance as `JSONParser`: an integer that overflows, or any other form, must read as a Double.
        guard JSONTapeView.number(entry, bytes) != nil else { throw Invalid() }
        append(entry)
    }

}
