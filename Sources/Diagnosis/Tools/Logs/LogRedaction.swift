import Foundation

/// Best-effort masking of credentials in log lines before they are shown or handed to anyone
/// (secret values never leave the process): bearer/basic tokens, `password=...`-style pairs,
/// JWTs, cloud and forge tokens, URL passwords and private key blocks.
public struct LogRedaction: Sendable {
    /// The mask written in place of a value.
    public static let mask = "[REDACTED]"

    /// Whether the previous line opened a PEM private key block that has not been closed yet.
    public private(set) var insidePrivateKey = false

    public init() {}

    /// The line with secrets masked, and how many values were masked.
    public mutating func redact(_ line: String) -> (line: String, count: Int) {
        if insidePrivateKey {
            if line.contains("-----END") && line.contains("PRIVATE KEY-----") { insidePrivateKey = false }
            return (Self.mask, 1)
        }
        if line.contains("-----BEGIN") && line.contains("PRIVATE KEY-----") {
            insidePrivateKey = !(line.contains("-----END"))
            return (Self.mask, 1)
        }
        var text = line
        var count = 0
        for rule in Self.rules {
            let range = NSRange(text.startIndex..<text.endIndex, in: text)
            let matches = rule.regex.numberOfMatches(in: text, range: range)
            guard matches > 0 else { continue }
            count += matches
            text = rule.regex.stringByReplacingMatches(in: text, range: range, withTemplate: rule.template)
        }
        return (text, count)
    }

    struct Rule: @unchecked Sendable {
        let regex: NSRegularExpression
        let template: String
    }

    /// `NSRegularExpression` is immutable and thread-safe.
    static let rules: [Rule] = [
        (#"(?i)\b(authorization\s*[:=]\s*"?(?:bearer|basic|token)\s+)[A-Za-z0-9._~+/=-]{6,}"#, "$1\(mask)"),
        (#"(?i)\b(bearer\s+)[A-Za-z0-9._~+/-]{16,}=*"#, "$1\(mask)"),
        (#"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}"#, mask),
        (#"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"#, mask),
        (#"\bgh[pousr]_[A-Za-z0-9]{30,}\b"#, mask),
        (#"\bxox[abposr]-[A-Za-z0-9-]{10,}"#, mask),
        (#"(://[^/\s:@]{1,128}:)[^@\s/]{1,256}@"#, "$1\(mask)@"),
        (#"(?i)\b((?:[a-z0-9]+[_.-])*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|account[_-]?key|sharedaccesskey|credentials?|sig)["']?\s{0,3}[:=]\s{0,3}["']?)[^\s"',;&}]{3,}"#, "$1\(mask)"),
    ].compactMap { pattern, template in
        (try? NSRegularExpression(pattern: pattern)).map { Rule(regex: $0, template: template) }
    }
}
