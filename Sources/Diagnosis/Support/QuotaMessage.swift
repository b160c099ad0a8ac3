import KubeModels

/// The quota admission message, parsed:
/// `exceeded quota: Q, requested: requests.memory=256Mi, used: requests.memory=0, limited: requests.memory=50Mi`.
public struct QuotaMessage: Sendable, Hashable {
    public var quota: String
    public var requested: [String: String]
    public var used: [String: String]
    public var limited: [String: String]

    public init?(_ message: String) {
        guard let start = message.range(of: "exceeded quota: ") else { return nil }
        let rest = message[start.upperBound...]
        let nameEnd = rest.firstIndex(of: ",") ?? rest.endIndex
        quota = rest[..<nameEnd].trimmingCharacters(in: .whitespaces)
        guard !quota.isEmpty else { return nil }
        requested = Self.section("requested: ", in: rest)
        used = Self.section("used: ", in: rest)
        limited = Self.section("limited: ", in: rest)
    }

    /// Resources whose request does not fit under the limit (used + requested > limited).
    public var exceededResources: [String] {
        let names = requested.keys.sorted()
        let exceeding = names.filter { name in
            guard let request = requested[name].flatMap({ try? Quantity($0) }),
                let limit = limited[name].flatMap({ try? Quantity($0) })
            else { return false }
            let usage = used[name].flatMap { try? Quantity($0) } ?? .zero
            return usage + request > limit
        }
        return exceeding.isEmpty ? names : exceeding
    }

    /// `quota Q caps requests.memory at 50Mi, pod requests 256Mi (used 0)`.
    public var explanation: String {
        let parts = exceededResources.map { name -> String in
            var text = "caps \(name) at \(limited[name] ?? "?"), pod requests \(requested[name] ?? "?")"
            if let usage = used[name], usage != "0" { text += " with \(usage) already used" }
            return text
        }
        return "quota \(quota) " + parts.joined(separator: "; ")
    }

    private static func section(_ label: String, in text: Substring) -> [String: String] {
        guard let range = text.range(of: label) else { return [:] }
        var body = text[range.upperBound...]
        for next in [", requested: ", ", used: ", ", limited: "] {
            if let end = body.range(of: next) { body = body[..<end.lowerBound] }
        }
        var result: [String: String] = [:]
        for pair in body.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            result[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        return result
    }
}
