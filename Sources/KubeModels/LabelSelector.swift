/// `metav1.LabelSelector` (matchLabels and matchExpressions): how workloads find their pods and
/// Services their endpoints.
public struct LabelSelector: Codable, Sendable, Hashable {
    public var matchLabels: [String: String]?
    public var matchExpressions: [LabelSelectorRequirement]?

    public init(matchLabels: [String: String]? = nil, matchExpressions: [LabelSelectorRequirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    /// An empty selector matches everything, as in the API.
    public var isEmpty: Bool { (matchLabels ?? [:]).isEmpty && (matchExpressions ?? []).isEmpty }

    public func matches(_ labels: [String: String]?) -> Bool {
        let labels = labels ?? [:]
        for (key, value) in matchLabels ?? [:] where labels[key] != value { return false }
        return (matchExpressions ?? []).allSatisfy { $0.matches(labels) }
    }

    /// The selector as the `labelSelector` query string of a LIST.
    public var queryString: String {
        var parts = (matchLabels ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        for requirement in matchExpressions ?? [] {
            let values = (requirement.values ?? []).sorted().joined(separator: ",")
            switch requirement.operator {
            case .in: parts.append("\(requirement.key) in (\(values))")
            case .notIn: parts.append("\(requirement.key) notin (\(values))")
            case .exists: parts.append(requirement.key)
            case .doesNotExist: parts.append("!\(requirement.key)")
            }
        }
        return parts.joined(separator: ",")
    }
}

/// One `matchExpressions` entry.
public struct LabelSelectorRequirement: Codable, Sendable, Hashable {
    /// The set-based operators of the API.
    public enum Operator: String, Codable, Sendable, Hashable {
        case `in` = "In"
        case notIn = "NotIn"
        case exists = "Exists"
        case doesNotExist = "DoesNotExist"
    }

    public var key: String
    public var `operator`: Operator
    public var values: [String]?

    public init(key: String, operator: Operator, values: [String]? = nil) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }

    public func matches(_ labels: [String: String]) -> Bool {
        switch self.operator {
        case .in: return labels[key].map { (values ?? []).contains($0) } ?? false
        case .notIn: return labels[key].map { !(values ?? []).contains($0) } ?? true
        case .exists: return labels[key] != nil
        case .doesNotExist: return labels[key] == nil
        }
    }
}

/// A parsed selector string as used in `?labelSelector=` and `?fieldSelector=`
/// (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`), so that query strings from
/// kubectl and the product mean the same everywhere.
public struct SelectorExpression: Sendable, Hashable {
    /// One parsed clause.
    public enum Clause: Sendable, Hashable {
        case equals(String, String)
        case notEquals(String, String)
        case `in`(String, Set<String>)
        case notIn(String, Set<String>)
        case exists(String)
        case doesNotExist(String)
    }

    public var clauses: [Clause]

    public init(parsing text: String) throws {
        var clauses: [Clause] = []
        for raw in Self.splitTopLevel(text) {
            let part = raw.trimmingCharacters(in: .whitespaces)
            if part.isEmpty { continue }
            if let range = part.range(of: " notin ") ?? part.range(of: " in ") {
                let key = part[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
                let rest = part[range.upperBound...].trimmingCharacters(in: .whitespaces)
                guard rest.hasPrefix("("), rest.hasSuffix(")"), !key.isEmpty else {
                    throw KubeModelError.invalidSelector(text)
                }
                let values = Set(
                    rest.dropFirst().dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                let negated = part[range].contains("notin")
                clauses.append(negated ? .notIn(key, values) : .in(key, values))
            } else if let range = part.range(of: "!=") {
                clauses.append(.notEquals(Self.trim(part[..<range.lowerBound]), Self.trim(part[range.upperBound...])))
            } else if let range = part.range(of: "==") ?? part.range(of: "=") {
                let key = Self.trim(part[..<range.lowerBound])
                guard !key.isEmpty else { throw KubeModelError.invalidSelector(text) }
                clauses.append(.equals(key, Self.trim(part[range.upperBound...])))
            } else if part.hasPrefix("!") {
                clauses.append(.doesNotExist(Self.trim(part.dropFirst())))
            } else {
                guard part.allSatisfy({ !$0.isWhitespace && $0 != "(" && $0 != ")" }) else {
                    throw KubeModelError.invalidSelector(text)
                }
                clauses.append(.exists(part))
            }
        }
        self.clauses = clauses
    }

    /// Evaluates against a key/value view (labels, or field values such as `metadata.name`).
    public func matches(_ lookup: (String) -> String?) -> Bool {
        clauses.allSatisfy { clause in
            switch clause {
            case .equals(let key, let value): return lookup(key) == value
            case .notEquals(let key, let value): return lookup(key) != value
            case .in(let key, let values): return lookup(key).map { values.contains($0) } ?? false
            case .notIn(let key, let values): return lookup(key).map { !values.contains($0) } ?? true
            case .exists(let key): return lookup(key) != nil
            case .doesNotExist(let key): return lookup(key) == nil
            }
        }
    }

    public func matches(labels: [String: String]?) -> Bool {
        matches { labels?[$0] }
    }

    private static func trim<S: StringProtocol>(_ text: S) -> String {
        text.trimmingCharacters(in: .whitespaces)
    }

    /// Splits on commas that are not inside parentheses.
    private static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "(": depth += 1; current.append(character)
            case ")": depth -= 1; current.append(character)
            case "," where depth == 0: parts.append(current); current = ""
            default: current.append(character)
            }
        }
        parts.append(current)
        return parts
    }
}

import Foundation
