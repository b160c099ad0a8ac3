import Foundation
import KubeAPI
import KubeModels

/// Drives one KarsSREAction one step along its phases (DESIGN.md section 6), level-triggered:
/// it reads the action fresh, looks at the cluster, writes at most one status transition
/// (with the action's resourceVersion) and says when to look again.
public struct Reconciler: Sendable {
    public var configuration: ControllerConfiguration
    public var store: any ActionStore
    /// The controller's own identity: reads the cluster, manages grants, writes status.
    public var client: KubeClient
    public var session: WriterSession
    public var events: EventRecorder
    public var killSwitch: KillSwitch
    public var findings: any FindingCheck
    public var clock: any RemediationClock
    public var hook: any ExecutionHook
    public var observation: RecoveryObservation
    public var leadership: Leadership
    public var log: RemediationLogger
    let schedule = FindingSchedule()

    public init(
        configuration: ControllerConfiguration, store: any ActionStore, client: KubeClient, session: WriterSession,
        events: EventRecorder, killSwitch: KillSwitch, findings: any FindingCheck, clock: any RemediationClock,
        hook: any ExecutionHook, observation: RecoveryObservation, leadership: Leadership,
        log: @escaping RemediationLogger
    ) {
        self.configuration = configuration
        self.store = store
        self.client = client
        self.session = session
        self.events = events
        self.killSwitch = killSwitch
        self.findings = findings
        self.clock = clock
        self.hook = hook
        self.observation = observation
        self.leadership = leadership
        self.log = log
    }

    /// Reconciles the action called `name`; returns the delay after which to look again (nil: only
    /// on the next change or resync).
    public func reconcile(_ name: String) async -> TimeInterval? {
        do {
            guard let action = try await store.get(name) else {
                await schedule.forget(name)
                return nil
            }
            switch action.phase {
            case .proposed: return try await reconcileProposed(action)
            case .approved: return try await reconcileApproved(action)
            case .applied: return try await reconcileApplied(action)
            case .recovered, .rejected, .expired, .failed: return try await reconcileTerminal(action)
            }
        } catch let error as KubeAPIError where error.isConflict {
            return 0.05  // someone wrote first: read again
        } catch is CancellationError {
            return nil
        } catch {
            if !Task.isCancelled { log("reconcile \(name): \(error)") }
            return configuration.errorRetry
        }
    }

    /// Writes a transition and records its Events.
    @discardableResult
    func commit(_ action: ActionObject, _ transition: Transition) async throws -> ActionObject {
        var status = transition.status
        status.observedGeneration = action.metadata.generation ?? status.observedGeneration
        let updated = try await store.replaceStatus(of: action, with: status)
        for event in transition.events { await events.record(updated, event.reason, event.message) }
        return updated
    }

    /// Ends the action (Expired or Failed) with a reason.
    func terminate(_ action: ActionObject, _ phase: ActionPhase, _ reason: ActionReason, _ message: String) async throws
        -> TimeInterval?
    {
        var transition = Transition(from: action.status)
        transition.terminate(phase, reason, message, now: clock.now())
        try await commit(action, transition)
        await schedule.forget(action.name)
        return configuration.retention
    }

    /// The implementation of the action's type, or why there is none.
    func implementation(_ action: ActionObject) -> Result<any RemediationAction, Refusal> {
        guard let type = action.actionType else {
            return .failure(Refusal(.invalidSpec, "unknown action type \"\(ActionText.line(action.spec.action.type, limit: 64))\""))
        }
        return .success(ActionCatalog.action(for: type))
    }

    /// Checks that need no cluster read: the type is known, the fields fit it, the namespace and
    /// group are not protected.
    func staticRefusal(_ action: ActionObject) -> Refusal? {
        switch implementation(action) {
        case .failure(let refusal):
            return refusal
        case .success(let impl):
            let resource = impl.targetResource(action.target)
            if let refusal = configuration.protection.refusal(
                type: impl.type, target: action.target, resource: resource)
            {
                return Refusal(.protected, "refused: \(refusal)")
            }
            if let problem = impl.validate(action.spec.action) { return Refusal(.invalidSpec, problem) }
            return nil
        }
    }

    /// The live target, or nil when it does not exist.
    func readTarget(_ action: ActionObject, _ impl: any RemediationAction) async throws -> JSONValue? {
        do {
            return try await client.get(
                impl.targetResource(action.target), name: action.target.name, namespace: action.target.namespace)
        } catch let error as KubeAPIError where error.isNotFound {
            return nil
        }
    }

    /// Why the target's absence ends the action: it was deleted after the preview of a deleting
    /// action (the incident resolved), or it never was there (Failed).
    func missingTarget(_ action: ActionObject, _ impl: any RemediationAction) -> (ActionPhase, ActionReason, String) {
        let described = "\(impl.targetResource(action.target).kind) \(action.targetDescription)"
        let deletes = impl.type == .deleteResourceQuota || impl.type == .deletePod
        if deletes, action.status.preview != nil {
            return (.expired, .incidentResolved, "\(described) no longer exists: it was deleted by someone else")
        }
        return (.failed, .targetNotFound, "\(described) does not exist (deleted or misspelled): nothing to act on")
    }

    /// Live-state refusal (a managed quota).
    func liveRefusal(_ action: ActionObject, _ impl: any RemediationAction, live: JSONValue?) -> Refusal? {
        let kind = impl.targetResource(action.target).kind
        let refusal =
            configuration.protection.ownerRefusal(kind: kind, target: action.target, live: live)
            ?? impl.refusal(action.spec.action, live: live, policy: configuration.protection)
        return refusal.map { Refusal(.protected, "refused: \($0)") }
    }
}

/// Why an action may not proceed, with its reason.
struct Refusal: Error, Sendable {
    var reason: ActionReason
    var message: String

    init(_ reason: ActionReason, _ message: String) {
        self.reason = reason
        self.message = message
    }
}
