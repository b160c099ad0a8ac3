import Foundation
import Yams

/// A tool policy profile: which agent tool calls are allowed, as action-string patterns with
/// priorities. Read from YAML or JSON:
///
/// ```yaml
/// version: "1.0"
/// agent: kars-sre
/// policies:
///   - name: read-only-tools
///     type: capability
///     allowed_actions: ["tool:diagnose:*", "tool:logs:*"]
///     denied_actions: ["tool:logs:vault-*"]
///     priority: 10
/// ```
public struct PolicyProfile: Codable, Sendable, Equatable {
    public var version: String
    public var agent: String
    public var policies: [Policy]

    /// One policy: patterns it allows and denies, and its priority (higher decides).
    public struct Policy: Codable, Sendable, Equatable {
        public var name: String
        public var type: String
        public var allowedActions: [String]
        public var deniedActions: [String]
        public var priority: Int

        enum CodingKeys: String, CodingKey {
            case name, type, priority
            case allowedActions = "allowed_actions"
            case deniedActions = "denied_actions"
        }

        public init(name: String, type: String = "capability", allowedActions: [String] = [], deniedActions: [String] = [], priority: Int = 0) {
            self.name = name
            self.type = type
            self.allowedActions = allowedActions
            self.deniedActions = deniedActions
            self.priority = priority
        }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            type = try container.decodeIfPresent(String.self, forKey: .type) ?? "capability"
            allowedActions = try container.decodeIfPresent([String].self, forKey: .allowedActions) ?? []
            deniedActions = try container.decodeIfPresent([String].self, forKey: .deniedActions) ?? []
            priority = try container.decodeIfPresent(Int.self, forKey: .priority) ?? 0
        }
    }

    public init(version: String = "1.0", agent: String, policies: [Policy]) {
        self.version = version
        self.agent = agent
        self.policies = policies
    }

    /// Parses a profile (YAML, or JSON which is YAML) and checks it.
    public static func parse(_ text: String, source: String = "the policy profile") throws(PolicyError) -> PolicyProfile {
        let profile: PolicyProfile
        do {
            profile = try YAMLDecoder().decode(PolicyProfile.self, from: text)
        } catch {
            throw .invalid("\(source) could not be read: \(error). Expected {version: \"1.0\", agent, policies: [{name, type: capability, allowed_actions, denied_actions, priority}]}")
        }
        try profile.validate(source: source)
        return profile
    }

    /// Reads a profile file.
    public static func load(path: String) throws(PolicyError) -> PolicyProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalid("cannot read the policy profile \(path): no such file or not readable")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: "the policy profile \(path)")
    }

    func validate(source: String) throws(PolicyError) {
        guard version == "1.0" else { throw .invalid("\(source) has version \(version); only \"1.0\" is known") }
        var names = Set<String>()
        for policy in policies {
            guard !policy.name.isEmpty else { throw .invalid("\(source) has a policy without a name") }
            guard names.insert(policy.name).inserted else { throw .invalid("\(source) names policy \(policy.name) twice") }
            guard policy.type == "capability" else {
                throw .invalid("\(source): policy \(policy.name) has type \(policy.type); only capability is known")
            }
            for pattern in policy.allowedActions + policy.deniedActions where !pattern.hasPrefix("tool:") && pattern != "*" {
                throw .invalid("\(source): policy \(policy.name) pattern \(pattern) must start with tool: (e.g. tool:logs:*)")
            }
        }
    }
}

/// A policy profile that cannot be used.
public enum PolicyError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(String)
    public var description: String {
        switch self {
        case .invalid(let text): return text
        }
    }
}
