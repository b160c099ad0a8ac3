import KubeModels

/// Serializes `JSONValue` straight into bytes.
///
/// Exists for speed (a LIST of 10,000 pods must take well under a second) and for stable output:
/// object keys are sorted, except that `apiVersion`, `kind` and `metadata` come first as the real
/// API server writes them.
public enum JSONWriter {
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(value, into: &out)
        return out
    }

    public static func string(_ value: JSONValue) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    private static let leadingKeys = ["apiVersion", "kind", "metadata"]

    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(let flag): out.append(contentsOf: Array((flag ? "true" : "false").utf8))
        case .int(let number): appendInteger(number, into: &out)
        case .double(let number): appendDouble(number, into: &out)
        case .string(let text): appendString(text, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            var first = true
            for item in items {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            var first = true
            for key in leadingKeys {
                if let field = fields[key] {
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    appendString(key, into: &out)
                    out.append(UInt8(ascii: ":"))
                    write(field, into: &out)
                }
            }
            for key in fields.keys.sorted() where !leadingKeys.contains(key) {
                guard let field = fields[key] else { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                appendString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(field, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func appendInteger(_ number: Int64, into out: inout [UInt8]) {
        if number == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        out.append(contentsOf: Array(String(number).utf8))
    }

    static func appendDouble(_ number: Double, into out: inout [UInt8]) {
        guard number.isFinite else {
            out.append(contentsOf: Array("null".utf8))
            return
        }
        if number == number.rounded(), abs(number) < 1e15 {
            appendInteger(Int64(number), into: &out)
        } else {
            out.append(contentsOf: Array("\(number)".utf8))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    public static func appendString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(0x5C); out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
            case 0x00..<0x20:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
