import KubeModels

/// Decides tool calls against a profile. Every call is the action string
/// `tool:<name>:<first significant argument>`; `*` in a pattern matches any run of characters
/// (also none). The matching policy with the highest priority decides; when a policy at that
/// priority denies, deny wins the tie; when nothing matches, the call is denied.
public struct PolicyEngine: Sendable {
    public let profile: PolicyProfile

    public init(profile: PolicyProfile) { self.profile = profile }

    /// The decision for an action string.
    public func decide(_ action: String) -> PolicyDecision {
        var matches: [PolicyDecision.Match] = []
        for policy in profile.policies {
            if let pattern = policy.deniedActions.first(where: { Self.matches(action, pattern: $0) }) {
                matches.append(.init(policy: policy.name, priority: policy.priority, pattern: pattern, denies: true))
            }
            if let pattern = policy.allowedActions.first(where: { Self.matches(action, pattern: $0) }) {
                matches.append(.init(policy: policy.name, priority: policy.priority, pattern: pattern, denies: false))
            }
        }
        guard let top = matches.map(\.priority).max() else {
            return PolicyDecision(
                action: action, allowed: false, policy: nil, pattern: nil, matches: [],
                reason: "no policy of profile \(profile.agent) matches \(action): denied (no match denies)")
        }
        let best = matches.filter { $0.priority == top }
        if let deny = best.first(where: \.denies) {
            let tie = best.contains { !$0.denies } ? " (deny wins the tie at priority \(top))" : ""
            return PolicyDecision(
                action: action, allowed: false, policy: deny.policy, pattern: deny.pattern, matches: matches,
                reason: "denied by policy \(deny.policy) (pattern \(deny.pattern), priority \(top))\(tie)")
        }
        let allow = best[0]
        return PolicyDecision(
            action: action, allowed: true, policy: allow.policy, pattern: allow.pattern, matches: matches,
            reason: "allowed by policy \(allow.policy) (pattern \(allow.pattern), priority \(top))")
    }

    /// Glob match where `*` matches any run of characters.
    public static func matches(_ text: String, pattern: String) -> Bool {
        Glob.matches(text, pattern: pattern, questionMark: false)
    }
}

/// A policy decision, shown to the model, the user and the audit log.
public struct PolicyDecision: Sendable, Equatable, Codable {
    /// A policy that matched the action.
    public struct Match: Sendable, Equatable, Codable {
        public var policy: String
        public var priority: Int
        public var pattern: String
        public var denies: Bool
    }

    public var action: String
    public var allowed: Bool
    /// The deciding policy; nil when nothing matched.
    public var policy: String?
    public var pattern: String?
    /// Every policy that matched, for `policy check`.
    public var matches: [Match]
    public var reason: String

    public var verdict: String { allowed ? "allow" : "deny" }
}
