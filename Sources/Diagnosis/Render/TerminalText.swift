/// Makes cluster-provided text (event messages, log lines, labels, names) safe to print on a
/// terminal: the text is data, so escape sequences and control characters are removed rather
/// than interpreted.
///
/// Removed: ANSI/VT escape sequences (CSI `ESC [ ... final`, OSC `ESC ] ... BEL|ESC \`, the
/// single-character `ESC x` forms and the 8-bit CSI/OSC introducers), every other C0/C1 control
/// character, DEL, and the Unicode bidirectional override/isolate controls that can make text
/// display differently from what it is.
public enum TerminalText {
    /// The text with escape sequences and control characters removed. With `singleLine`, line
    /// breaks and tabs become single spaces (for table cells); otherwise newlines and tabs are
    /// kept and carriage returns dropped.
    public static func clean(_ text: String, singleLine: Bool = true) -> String {
        var output = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var lastWasSpace = false
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x1B:
                skipEscape(&scalars)
                continue
            case 0x9B:
                skipCSI(&scalars)
                continue
            case 0x9D, 0x90, 0x98, 0x9E, 0x9F:
                skipString(&scalars)
                continue
            case 0x0A, 0x09, 0x0D:
                if singleLine {
                    if !lastWasSpace { output.append(" ") }
                    lastWasSpace = true
                } else if scalar.value != 0x0D {
                    output.append(scalar)
                    lastWasSpace = false
                }
                continue
            case 0x00..<0x20, 0x7F, 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
                continue
            default:
                output.append(scalar)
                lastWasSpace = scalar == " "
            }
        }
        return String(output)
    }

    /// `clean` and then cut to at most `limit` characters, marking the cut with `…`.
    public static func clean(_ text: String, limit: Int, singleLine: Bool = true) -> String {
        let cleaned = clean(text, singleLine: singleLine)
        guard limit > 0, cleaned.count > limit else { return cleaned }
        return String(cleaned.prefix(max(limit - 1, 0))) + "…"
    }

    /// Whether the text contains anything `clean` would remove.
    public static func needsCleaning(_ text: String) -> Bool {
        clean(text, singleLine: false) != text.replacingOccurrences(of: "\r", with: "")
    }

    // ESC has been read: skip the rest of the sequence it introduces.
    private static func skipEscape(_ scalars: inout String.UnicodeScalarView.Iterator) {
        guard let next = scalars.next() else { return }
        switch next {
        case "[": skipCSI(&scalars)
        case "]", "P", "X", "^", "_": skipString(&scalars)
        case "(", ")", "*", "+", "-", ".", "/", "#", "%", " ":
            _ = scalars.next()  // designator + one final character
        default:
            break  // two-character sequence (ESC c, ESC 7, ESC =, ...)
        }
    }

    // CSI: parameter and intermediate bytes, then one final byte in 0x40...0x7E.
    private static func skipCSI(_ scalars: inout String.UnicodeScalarView.Iterator) {
        while let scalar = scalars.next() {
            if (0x40...0x7E).contains(scalar.value) { return }
            if !(0x20...0x3F).contains(scalar.value) { return }  // malformed: stop at the odd byte
        }
    }

    // OSC/DCS/PM/APC strings: until BEL, ST (ESC \) or 8-bit ST.
    private static func skipString(_ scalars: inout String.UnicodeScalarView.Iterator) {
        while let scalar = scalars.next() {
            if scalar.value == 0x07 || scalar.value == 0x9C { return }
            if scalar.value == 0x1B {
                _ = scalars.next()
                return
            }
        }
    }
}
