/// Turns the bytes a terminal sends in raw mode into `EditorKey`s: control bytes, escape
/// sequences (CSI `ESC [`, SS3 `ESC O`, Alt `ESC x`) and UTF-8 text, also when a sequence is split
/// across reads. Unknown sequences are swallowed whole; invalid UTF-8 becomes U+FFFD.
public struct KeyDecoder: Sendable {
    private enum State: Sendable {
        case ground
        case escape
        case csi([UInt8])
        case ss3
        case utf8(value: UInt32, remaining: Int)
    }

    private var state = State.ground

    public init() {}

    /// The keys completed by these bytes (a partial sequence waits for the next call).
    public mutating func decode(_ bytes: some Sequence<UInt8>) -> [EditorKey] {
        var keys: [EditorKey] = []
        for byte in bytes { step(byte, into: &keys) }
        return keys
    }

    private mutating func step(_ byte: UInt8, into keys: inout [EditorKey]) {
        switch state {
        case .ground:
            ground(byte, into: &keys)
        case .escape:
            state = .ground
            switch byte {
            case UInt8(ascii: "["): state = .csi([])
            case UInt8(ascii: "O"): state = .ss3
            case UInt8(ascii: "b"), UInt8(ascii: "B"): keys.append(.wordLeft)
            case UInt8(ascii: "f"), UInt8(ascii: "F"): keys.append(.wordRight)
            case 0x7f, 0x08: keys.append(.deleteWordBefore)
            case 0x1b: state = .escape
            default: break  // Alt with any other key: ignored
            }
        case .csi(var parameters):
            if (0x40...0x7e).contains(byte) {
                state = .ground
                if let key = Self.csiKey(final: byte, parameters: parameters) { keys.append(key) }
            } else if parameters.count < 16 {
                parameters.append(byte)
                state = .csi(parameters)
            } else {
                state = .ground  // runaway sequence: give up on it
            }
        case .ss3:
            state = .ground
            if let key = Self.csiKey(final: byte, parameters: []) { keys.append(key) }
        case .utf8(let value, let remaining):
            guard byte & 0xc0 == 0x80 else {
                keys.append(.insert("\u{FFFD}"))
                state = .ground
                ground(byte, into: &keys)
                return
            }
            let next = value << 6 | UInt32(byte & 0x3f)
            if remaining == 1 {
                state = .ground
                keys.append(.insert(Unicode.Scalar(next) ?? "\u{FFFD}"))
            } else {
                state = .utf8(value: next, remaining: remaining - 1)
            }
        }
    }

    private mutating func ground(_ byte: UInt8, into keys: inout [EditorKey]) {
        switch byte {
        case 0x0d, 0x0a: keys.append(.enter)
        case 0x7f, 0x08: keys.append(.backspace)
        case 0x1b: state = .escape
        case 0x01: keys.append(.home)
        case 0x05: keys.append(.end)
        case 0x02: keys.append(.left)
        case 0x06: keys.append(.right)
        case 0x10: keys.append(.up)
        case 0x0e: keys.append(.down)
        case 0x15: keys.append(.killToStart)
        case 0x0b: keys.append(.killToEnd)
        case 0x17: keys.append(.deleteWordBefore)
        case 0x03: keys.append(.interrupt)
        case 0x04: keys.append(.endOfInput)
        case 0x0c: keys.append(.clearScreen)
        case 0x1a: keys.append(.suspend)
        case 0x09: keys.append(.insert(" "))
        case 0x20...0x7e: keys.append(.insert(Unicode.Scalar(byte)))
        case 0xc2...0xdf: state = .utf8(value: UInt32(byte & 0x1f), remaining: 1)
        case 0xe0...0xef: state = .utf8(value: UInt32(byte & 0x0f), remaining: 2)
        case 0xf0...0xf4: state = .utf8(value: UInt32(byte & 0x07), remaining: 3)
        case 0x80...0xff: keys.append(.insert("\u{FFFD}"))
        default: break  // other control bytes are ignored
        }
    }

    /// The key of `ESC [ parameters final` (or `ESC O final`).
    private static func csiKey(final: UInt8, parameters: [UInt8]) -> EditorKey? {
        let text = String(decoding: parameters, as: UTF8.self)
        let fields = text.split(separator: ";", omittingEmptySubsequences: false)
        // xterm modifiers: 1;5C is Ctrl-Right, 1;3C Alt-Right.
        let modifier = fields.count > 1 ? Int(fields[1]) ?? 1 : 1
        let word = modifier == 3 || modifier == 5
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return word ? .wordRight : .right
        case UInt8(ascii: "D"): return word ? .wordLeft : .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "~"):
            switch fields.first.flatMap({ Int($0) }) {
            case 1, 7: return .home
            case 4, 8: return .end
            case 3: return .delete
            default: return nil
            }
        default: return nil
        }
    }
}
