/// Escaping of cluster text for each channel's markup. Event messages and object names are data:
/// escaped, they can neither break a message's markup nor format, link or mention anything.
public enum TextEscaping {
    /// Control characters (except newline and tab) removed, length capped with an ellipsis.
    public static func clean(_ text: String, limit: Int = 3000) -> String {
        var result = String(String.UnicodeScalarView(text.unicodeScalars.filter { scalar in
            scalar == "\n" || scalar == "\t" || !(scalar.properties.generalCategory == .control
                || scalar.properties.generalCategory == .format)
        }))
        if result.count > limit { result = String(result.prefix(max(limit - 1, 0))) + "…" }
        return result
    }

    /// Telegram `parse_mode: HTML`: only `<`, `>` and `&` are special (and `"` inside attributes).
    public static func telegramHTML(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Slack mrkdwn: `&`, `<` and `>` must be entities (so `<!channel>` or `<http://x|y>` in an
    /// event message is shown, not acted on).
    public static func slack(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Discord markdown: formatting characters backslash-escaped; mentions are also disabled in
    /// the payload (`allowed_mentions`).
    public static func discord(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\*_~`|>[]()#".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
