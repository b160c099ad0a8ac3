/// Shell-style wildcard matching, one implementation for every place a user writes a pattern
/// (watcher namespace globs, tool-policy action strings): `*` matches any run of characters and,
/// when enabled, `?` matches exactly one.
public enum Glob {
    public static func matches(_ text: String, pattern: String, questionMark: Bool = true) -> Bool {
        let t = Array(text.unicodeScalars)
        let p = Array(pattern.unicodeScalars)
        var (ti, pi) = (0, 0)
        var star = -1
        var resume = 0
        while ti < t.count {
            if pi < p.count, p[pi] != "*", p[pi] == t[ti] || (questionMark && p[pi] == "?") {
                ti += 1
                pi += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                resume = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                resume += 1
                ti = resume
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
