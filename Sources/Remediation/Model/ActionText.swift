import Foundation

/// Text hygiene for everything the remediation writes into the cluster: no control bytes (the CRD
/// pattern rejects them), bounded length.
public enum ActionText {
    /// The longest message kept in a condition or status field.
    public static let maxMessage = 1024

    /// Removes control characters (keeping tab and newline) and caps the length.
    public static func clip(_ text: String, limit: Int = maxMessage) -> String {
        var cleaned = String(
            String.UnicodeScalarView(
                text.unicodeScalars.filter { scalar in
                    scalar == "\n" || scalar == "\t" || !(scalar.value < 0x20 || scalar.value == 0x7F)
                }))
        if cleaned.count > limit { cleaned = String(cleaned.prefix(limit - 1)) + "…" }
        return cleaned
    }

    /// `clip` on one line (newlines and tabs become spaces).
    public static func line(_ text: String, limit: Int = maxMessage) -> String {
        clip(text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " "), limit: limit)
    }
}
