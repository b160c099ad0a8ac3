import Foundation

/// HTML text building with escaping by default: every piece of cluster text (event messages,
/// names, annotations) goes through `escape`, so hostile text renders as text, never as markup.
public enum HTML {
    /// Escapes `& < > " '` and drops control characters other than tab and newline.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
                    || (0x2066...0x2069).contains(scalar.value)
                {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A path segment for an href (object names are DNS labels, but never trust that).
    public static func pathSegment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// `3m`, `2h`, `5d` since a time.
    public static func age(_ date: Date?, now: Date) -> String {
        guard let date else { return "?" }
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        if seconds < 120 { return "\(seconds)s" }
        if seconds < 7200 { return "\(seconds / 60)m" }
        if seconds < 172_800 { return "\(seconds / 3600)h" }
        return "\(seconds / 86400)d"
    }

    /// `2026-11-28T10:00:00Z` in a <time> element with the age as text.
    public static func time(_ date: Date?, now: Date) -> String {
        guard let date else { return "<span class=\"muted\">?</span>" }
        let iso = ISO8601DateFormatter().string(from: date)
        return "<time datetime=\"\(iso)\" title=\"\(iso)\">\(age(date, now: now)) ago</time>"
    }
}
