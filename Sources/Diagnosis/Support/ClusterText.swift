/// Cluster-provided text (event messages, logs, annotations) is data, never instructions or
/// terminal control: this strips control bytes and ANSI escapes and caps the length.
public enum ClusterText {
    public static func sanitized(_ text: String, limit: Int = 1024) -> String {
        var result = ""
        result.reserveCapacity(min(text.utf8.count, limit))
        var iterator = text.unicodeScalars.makeIterator()
        var count = 0
        while let scalar = iterator.next() {
            if scalar == "\u{1B}" {
                // Skip an ANSI CSI sequence: ESC [ ... final byte in @...~
                if let next = iterator.next(), next == "[" {
                    while let byte = iterator.next(), !(0x40...0x7E).contains(byte.value) {}
                }
                continue
            }
            if scalar == "\n" || scalar == "\t" || scalar == "\r" {
                result.unicodeScalars.append(" ")
            } else if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                continue
            } else {
                result.unicodeScalars.append(scalar)
            }
            count += 1
            if count >= limit {
                result += "…"
                break
            }
        }
        return result
    }
}
