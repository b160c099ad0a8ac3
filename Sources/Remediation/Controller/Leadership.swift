import Synchronization

/// Whether this replica may act right now. Set by the leader elector; checked before an
/// execution is claimed, so a replica that lost its lease stops starting work at once.
public final class Leadership: Sendable {
    private let state: Mutex<Bool>

    public init(isLeader: Bool) {
        state = Mutex(isLeader)
    }

    /// A replica without leader election is always the leader.
    public static func always() -> Leadership { Leadership(isLeader: true) }

    public var isLeader: Bool { state.withLock { $0 } }

    func set(_ value: Bool) { state.withLock { $0 = value } }
}
