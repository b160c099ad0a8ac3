import Foundation
import KubeAPI
import KubeModels

/// What the CLI (and the agent, the console) does with KarsSREActions: create with protection and
/// dedupe, list, show, approve, reject, undo, pause and resume. It never executes anything: that is
/// the controller's job alone.
public struct ActionClient: Sendable {
    public var client: KubeClient
    public var store: any ActionStore
    public var protection: ProtectionPolicyCheck
    public var clock: any RemediationClock

    public init(
        client: KubeClient, namespace: String = "kars-sre", protection: ProtectionPolicyCheck = ProtectionPolicyCheck(),
        clock: any RemediationClock = SystemClock()
    ) {
        self.client = client
        self.store = KubeActionStore(client: client, namespace: namespace)
        self.protection = protection
        self.clock = clock
    }

    /// The outcome of `create`.
    public struct Creation: Sendable {
        public var action: ActionObject
        /// False when a live action for the same incident already existed (it is returned instead).
        public var created: Bool
    }

    /// Creates the action after the proposal-time checks (known type, valid fields, protection
    /// including a managed quota's label); returns the existing live action for the same incident
    /// instead of a duplicate.
    public func create(_ draft: ActionDraft) async throws -> Creation {
        guard let type = RemediationActionType(rawValue: draft.action.type) else {
            throw RemediationError.invalidSpec("unknown action type \(draft.action.type)")
        }
        let impl = ActionCatalog.action(for: type)
        let resource = impl.targetResource(draft.action.target)
        if let refusal = protection.refusal(type: type, target: draft.action.target, resource: resource) {
            throw RemediationError.refused("refused: \(refusal)")
        }
        if let problem = impl.validate(draft.action) { throw RemediationError.invalidSpec(problem) }
        let live = try? await client.get(resource, name: draft.action.target.name, namespace: draft.action.target.namespace)
        if let refusal = protection.ownerRefusal(kind: resource.kind, target: draft.action.target, live: live)
            ?? impl.refusal(draft.action, live: live, policy: protection)
        {
            throw RemediationError.refused("refused: \(refusal)")
        }
        if let existing = try await liveAction(incidentKey: draft.effectiveIncidentKey) {
            return Creation(action: existing, created: false)
        }
        return Creation(action: try await store.create(try draft.object(namespace: store.namespace)), created: true)
    }

    /// A non-terminal action for the incident, if any.
    func liveAction(incidentKey: String) async throws -> ActionObject? {
        let list = try await client.listAll(
            ActionObject.resource, namespace: store.namespace,
            options: ListOptions(labelSelector: "\(ActionDraft.incidentLabel)=\(ActionDraft.labelHash(incidentKey))"))
        return list.items.compactMap { try? ActionObject(raw: $0) }
            .first { $0.incidentKey == incidentKey && !$0.phase.isTerminal }
    }

    /// Every action, newest first.
    public func list() async throws -> [ActionObject] {
        try await store.list().sorted { ($0.createdAt ?? .distantPast) > ($1.createdAt ?? .distantPast) }
    }

    public func get(_ name: String) async throws -> ActionObject {
        guard let action = try await store.get(name) else {
            throw RemediationError.notFound("no KarsSREAction \(name) in namespace \(store.namespace)")
        }
        return action
    }

    /// The Events recorded on an action, oldest first.
    public func events(of action: ActionObject) async throws -> [JSONValue] {
        let list = try await client.listAll(
            .events, namespace: action.namespace,
            options: ListOptions(fieldSelector: "involvedObject.name=\(action.name)"))
        return list.items.filter { $0[path: "involvedObject", "kind"]?.stringValue == ActionObject.kind }
            .sorted { (BlockedControllerFinder.lastSeen($0) ?? .distantPast) < (BlockedControllerFinder.lastSeen($1) ?? .distantPast) }
    }

    /// Records the approval (who, verified or not, when). Only a Proposed, pending action can be approved.
    public func approve(_ name: String, by approver: ApproverIdentity) async throws -> ActionObject {
        try await decide(name, .approved, by: approver, reason: nil)
    }

    /// Records the rejection with a reason. A Proposed action, or an Approved one whose execution has
    /// not started, can be rejected.
    public func reject(_ name: String, by approver: ApproverIdentity, reason: String) async throws -> ActionObject {
        try await decide(name, .rejected, by: approver, reason: reason)
    }

    private func decide(_ name: String, _ state: ApprovalState, by approver: ApproverIdentity, reason: String?)
        async throws -> ActionObject
    {
        // The controller writes status concurrently; a Conflict means "read again and re-check".
        var attempt = 0
        while true {
            let action = try await get(name)
            try Self.checkDecidable(action, state)
            let record = ApprovalRecord(
                state: state, by: ActionText.line(approver.name, limit: 512), verified: approver.verified,
                reason: reason.map { ActionText.clip($0, limit: 1024) }, at: clock.now())
            do {
                return try await store.patchSpec(of: action, ["approval": try JSONValue(encoding: record)])
            } catch let error as KubeAPIError where error.isConflict && attempt < 10 {
                attempt += 1
            }
        }
    }

    /// Only a Proposed, pending action can be approved; a Proposed one, or an Approved one whose
    /// execution has not started, can be rejected.
    static func checkDecidable(_ action: ActionObject, _ state: ApprovalState) throws {
        let phase = action.phase
        let decidable =
            state == .approved
            ? phase == .proposed && action.spec.approvalState == .pending
            : (phase == .proposed || (phase == .approved && action.status.execution == nil))
                && action.spec.approvalState != .rejected
        guard !decidable else { return }
        let verb = state == .approved ? "approved" : "rejected"
        var why = "it is \(phase.rawValue)"
        if phase == .proposed { why += " and already \(action.spec.approvalState.rawValue.lowercased())" }
        if phase == .approved, action.status.execution != nil { why += " and its execution has started" }
        throw RemediationError.wrongPhase("\(action.name) cannot be \(verb): \(why)")
    }

    /// Proposes the inverse of an applied action as a new action that needs its own approval.
    public func undo(_ name: String, rationale: String? = nil) async throws -> Creation {
        let action = try await get(name)
        guard [.applied, .recovered].contains(action.phase) || (action.phase == .failed && action.status.appliedAt != nil)
        else {
            throw RemediationError.notUndoable("\(name) was never applied (it is \(action.phase.rawValue)): nothing to undo")
        }
        guard let type = action.actionType else { throw RemediationError.invalidSpec("unknown action type") }
        let inverse = try ActionCatalog.action(for: type).inverse(action.spec.action, rollback: action.status.rollback)
        let text =
            rationale
            ?? "Undo of \(name) (\(action.spec.action.type) \(action.targetDescription), applied "
            + "\(action.status.appliedAt.map(KubeTime.format) ?? "earlier"))."
        let draft = ActionDraft(
            action: inverse, rationale: text, ttlMinutes: action.spec.ttlMinutes, detector: .cli,
            incidentKey: "Undo/\(action.namespace)/\(name)", undoOf: name)
        return try await create(draft)
    }
}
