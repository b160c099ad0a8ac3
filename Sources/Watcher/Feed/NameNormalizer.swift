/// Strips the generated suffixes of ReplicaSet and Pod names, so all pods of one Deployment (and
/// all its ReplicaSets across rollouts) share one dedupe key: `web-7d9f8b6c5d-x2k4q` → `web`.
/// Suffixes are recognised by Kubernetes' generator alphabet (no vowels, no 0, 1, 3), so ordinary
/// name parts such as `-frontend` or `-v2` are kept.
public enum NameNormalizer {
    static let alphabet = Set("bcdfghjklmnpqrstvwxz2456789")

    public static func normalize(_ name: String) -> String {
        var parts = name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        // Pod suffix (5 characters), then pod-template-hash (6 to 10).
        if parts.count > 1, let last = parts.last, last.count == 5, isGenerated(last) { parts.removeLast() }
        if parts.count > 1, let last = parts.last, (6...10).contains(last.count), isGenerated(last) { parts.removeLast() }
        return parts.joined(separator: "-")
    }

    static func isGenerated(_ part: String) -> Bool {
        part.allSatisfy { alphabet.contains($0) }
    }
}
