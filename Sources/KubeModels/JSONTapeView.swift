import Foundation

/// Reads a parsed `JSONTape` through plain pointers (no reference counting, no exclusivity
/// checks): the entries and the bytes they point into, both owned elsewhere and alive while read.
struct JSONTapeView {
    typealias Entry = JSONTape.Entry
    let entries: UnsafeMutablePointer<Entry>
    let count: Int
    let bytes: UnsafeBufferPointer<UInt8>

    @inline(__always)
    subscript(position: Int) -> Entry { entries[position] }

    /// The raw bytes of an entry (between the quotes for strings and keys).
    @inline(__always)
    func raw(_ entry: Entry) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes.baseAddress! + Int(entry.start), count: Int(entry.end - entry.start))
    }

    /// The number of an entry as `JSONParser` reads it: an exact integer, else a Double.
    func number(_ entry: Entry) -> JSONValue? {
        Self.number(entry, bytes.baseAddress!)
    }

    static func number(_ entry: Entry, _ bytes: UnsafePointer<UInt8>) -> JSONValue? {
        let start = Int(entry.start)
        let end = Int(entry.end)
        if !entry.flag, let integer = integer(bytes, start, end) { return .int(integer) }
        let text = String(decoding: UnsafeBufferPointer(start: bytes + start, count: end - start), as: UTF8.self)
        return Double(text).map { .double($0) }
    }

    /// `Int64(text)` for `-?[0-9]+` without making the text.
    private static func integer(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        var position = start
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        var value: Int64 = 0
        while position < end {
            let digit = Int64(bytes[position] &- 0x30)
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow, !overflow2 else { return nil }
            value = sum
            position += 1
        }
        return value
    }

    /// The text of a string or key entry, escapes decoded as `JSONParser` decodes them.
    func string(_ entry: Entry) -> String {
        let raw = raw(entry)
        guard entry.flag else { return String(decoding: raw, as: UTF8.self) }
        return String(decoding: Self.unescaped(raw), as: UTF8.self)
    }

    /// The bytes of an escaped string (already validated by the builder).
    private static func unescaped(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(raw.count)
        var position = 0
        while position < raw.count {
            let byte = raw[position]
            guard byte == UInt8(ascii: "\\") else {
                result.append(byte)
                position += 1
                continue
            }
            let escaped = raw[position + 1]
            position += 2
            switch escaped {
            case UInt8(ascii: "b"): result.append(0x08)
            case UInt8(ascii: "f"): result.append(0x0C)
            case UInt8(ascii: "n"): result.append(0x0A)
            case UInt8(ascii: "r"): result.append(0x0D)
            case UInt8(ascii: "t"): result.append(0x09)
            case UInt8(ascii: "u"):
                let base = raw.baseAddress!
                var code = JSONTapeBuilder.hex4(base, length: raw.count, at: position) ?? 0
                position += 4
                if (0xD800...0xDBFF).contains(code) {
                    let low = JSONTapeBuilder.hex4(base, length: raw.count, at: position + 2) ?? 0
                    position += 6
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                if let scalar = Unicode.Scalar(code) { result.append(contentsOf: String(scalar).utf8) }
            default: result.append(escaped)  // " \ /
            }
        }
        return result
    }

    /// Whether a key entry is exactly `text` (UTF-8), escapes decoded.
    @inline(__always)
    func key(_ entry: Entry, equals text: UnsafeBufferPointer<UInt8>) -> Bool {
        if entry.flag { return Array(string(entry).utf8).elementsEqual(text) }
        guard entry.end - entry.start == text.count else { return false }
        let start = bytes.baseAddress! + Int(entry.start)
        guard let first = text.first else { return true }
        return start[0] == first && memcmp(start, text.baseAddress!, text.count) == 0
    }

    /// The tree `JSONParser` builds for the value at `position`.
    func value(at position: Int) -> JSONValue {
        let entry = entries[position]
        switch entry.kind {
        case .object:
            var fields = [String: JSONValue](minimumCapacity: 4)
            var member = position + 1
            while member < Int(entry.next) {
                fields[string(entries[member])] = value(at: member + 1)
                member = Int(entries[member + 1].next)
            }
            return .object(fields)
        case .array:
            var items: [JSONValue] = []
            var element = position + 1
            while element < Int(entry.next) {
                items.append(value(at: element))
                element = Int(entries[element].next)
            }
            return .array(items)
        case .key, .string: return .string(string(entry))
        case .number: return number(entry) ?? .null
        case .trueValue: return .bool(true)
        case .falseValue: return .bool(false)
        case .null: return .null
        }
    }
}
