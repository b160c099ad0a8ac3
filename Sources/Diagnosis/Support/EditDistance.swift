/// Levenshtein distance over Unicode scalars, with an early exit once `limit` is exceeded:
/// the measure of "an image within edit distance 3" (DESIGN.md section 4).
public enum EditDistance {
    /// The distance, or nil when it is greater than `limit`.
    public static func distance(_ lhs: String, _ rhs: String, limit: Int = .max) -> Int? {
        let a = Array(lhs.unicodeScalars)
        let b = Array(rhs.unicodeScalars)
        if abs(a.count - b.count) > limit { return nil }
        if a.isEmpty { return b.count <= limit ? b.count : nil }
        if b.isEmpty { return a.count <= limit ? a.count : nil }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return nil }
            swap(&previous, &current)
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
    }
}

/// Image reference helpers: Docker Hub's implicit `docker.io/library/` prefix is ignored when
/// comparing, so `nginx:1.25` and `docker.io/library/nginx:1.25` are the same image.
public enum ImageReference {
    public static func normalized(_ image: String) -> String {
        var text = image
        for prefix in ["docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/"] where text.hasPrefix(prefix) {
            text.removeFirst(prefix.count)
            break
        }
        if text.hasPrefix("library/") { text.removeFirst("library/".count) }
        return text
    }

    /// The repository part (without tag or digest).
    public static func repository(_ image: String) -> String {
        let text = normalized(image)
        if let at = text.firstIndex(of: "@") { return String(text[..<at]) }
        if let colon = text.lastIndex(of: ":"), !text[colon...].contains("/") { return String(text[..<colon]) }
        return text
    }

    /// Edit distance between two references after normalisation, or nil above `limit`.
    public static func distance(_ lhs: String, _ rhs: String, limit: Int) -> Int? {
        EditDistance.distance(normalized(lhs), normalized(rhs), limit: limit)
    }
}
