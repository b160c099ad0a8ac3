/// The phases of a KarsSREAction (DESIGN.md section 6): `Proposed → Approved → Applied → Recovered`,
/// with the terminal `Rejected`, `Expired` and `Failed`.
public enum ActionPhase: String, Codable, Sendable, CaseIterable {
    case proposed = "Proposed"
    case approved = "Approved"
    case applied = "Applied"
    case recovered = "Recovered"
    case rejected = "Rejected"
    case expired = "Expired"
    case failed = "Failed"

    /// No transition leaves a terminal phase; terminal actions are deleted after an hour.
    public var isTerminal: Bool {
        switch self {
        case .recovered, .rejected, .expired, .failed: return true
        case .proposed, .approved, .applied: return false
        }
    }
}

/// `spec.approval.state`.
public enum ApprovalState: String, Codable, Sendable, CaseIterable {
    case pending = "Pending"
    case approved = "Approved"
    case rejected = "Rejected"
}

/// `spec.source.detector`: who proposed the action.
public enum ActionDetector: String, Codable, Sendable, CaseIterable {
    case watcher, agent, cli
    /// The remediation controller itself (a follow-up RolloutRestart).
    case controller
}
