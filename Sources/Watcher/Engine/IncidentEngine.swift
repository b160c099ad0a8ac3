import ClusterState
import Diagnosis
import Foundation
import KubeModels
import Notify
import Remediation

/// The watcher's core. Failure events (after dedupe and priming) are gathered for a short debounce,
/// then one detection cycle loads the state of the namespaces they came from, diagnoses it, keeps
/// the findings whose root object the events point at, and for each: reuses the open action for
/// its dedupe key or creates one (findings without an action are announced once per cool-down).
/// The cycle's announcements collapse into one detailed message for the most urgent incident with
/// a summary tail, within a sliding-window rate limit; what the limit holds back is counted into
/// the next message. A failed cycle is retried with its events. Events that led to no action are
/// diagnosed again on a schedule (`RecheckList`); the cool-down of findings without an action is
/// persisted through a `CooldownStore` so a restart does not announce them again.
public actor IncidentEngine {
    struct Trigger: Sendable {
        var event: NormalizedEvent
        var received: Date
    }

    let configuration: WatcherConfiguration
    let reader: any ClusterReader
    let sink: any ActionSink
    let diagnoser: Diagnoser
    let composer: NotificationComposer
    let submit: @Sendable (IncidentNotification) -> Void
    let log: @Sendable (String) -> Void
    let observer: @Sendable (DetectionRecord) -> Void
    let now: @Sendable () -> Date
    let cooldownStore: (any CooldownStore)?
    let metrics: DetectionMetrics

    private var deduplicator = EventDeduplicator()
    var pending: [Trigger] = []
    var cycleScheduled = false
    var cycleRunning = false
    /// Open actions by incident key (bootstrapped and replaced by `resync`).
    private var known: [String: KnownAction] = [:]
    /// Objects (`namespace/Kind/name`, generated suffixes stripped) whose failure an open action
    /// already stands for: their further events (a ReplicaSet retrying, pods backing off) need no
    /// new diagnosis while that action is open.
    var coveredObjects: [String: String] = [:]
    /// Incident keys whose action was rejected, and when (not proposed again within the cool-down).
    private var rejected: [String: Date] = [:]
    /// Findings without action: when each key was last announced.
    var announced: [String: Date] = [:]
    /// Announcements not yet written to the cool-down store, and whether a write is under way.
    var unsaved: [String: Date] = [:]
    var saving = false
    var recheck: RecheckList
    private var limiter: SlidingWindowLimiter
    private var held: [String: Int] = [:]
    private var heldRecords: [DetectionRecord] = []
    private var flushScheduled = false
    var stats = WatcherStats()

    public init(
        configuration: WatcherConfiguration, reader: any ClusterReader, sink: any ActionSink,
        diagnoser: Diagnoser = Diagnoser(), submit: @escaping @Sendable (IncidentNotification) -> Void,
        log: @escaping @Sendable (String) -> Void = { _ in }, observer: @escaping @Sendable (DetectionRecord) -> Void = { _ in },
        now: @escaping @Sendable () -> Date = { Date() }, cooldownStore: (any CooldownStore)? = nil,
        metrics: DetectionMetrics = .off
    ) {
        self.configuration = configuration
        self.reader = reader
        self.sink = sink
        self.diagnoser = diagnoser
        self.composer = NotificationComposer(consoleURL: configuration.consoleURL, ttlMinutes: configuration.actionTTLMinutes)
        self.submit = submit
        self.log = log
        self.observer = observer
        self.now = now
        self.cooldownStore = cooldownStore
        self.metrics = metrics
        self.limiter = SlidingWindowLimiter(limit: configuration.rateLimit, window: configuration.rateWindow)
        self.recheck = RecheckList(interval: configuration.recheckInterval, window: configuration.recheckWindow)
    }

    public var statistics: WatcherStats { stats }

    /// Replaces the dedupe state with the cluster's KarsSREActions (start-up and every resync), so an
    /// operator deleting an action clears it.
    public func replaceKnownActions(_ actions: [KnownAction]) {
        var open: [String: KnownAction] = [:]
        var rejectedNow: [String: Date] = [:]
        let current = now()
        for action in actions {
            if !action.terminal {
                open[action.incidentKey] = action
            } else if action.phase == "Rejected", let created = action.createdAt,
                current.timeIntervalSince(created) < configuration.cooldown
            {
                rejectedNow[action.incidentKey] = max(rejectedNow[action.incidentKey] ?? created, created)
            }
        }
        known = open
        coveredObjects = coveredObjects.filter { open[$0.value] != nil }
        rejected = rejectedNow
        stats.knownActions = open.count
    }

    /// Takes one feed item; starts a cycle when it brings new failure events in scope.
    public func ingest(_ item: FeedItem) {
        if case .notice(let text) = item { log("watch: \(text)") }
        if case .event = item { stats.eventsReceived += 1 }
        if case .snapshot(_, let events) = item {
            stats.eventsReceived += events.count
            stats.snapshots += 1
        }
        let received = now()
        var added = false
        for event in deduplicator.fresh(item) where FailureReasons.isFailure(event) {
            let namespace = event.object.namespace ?? event.namespace
            let clusterScoped = event.object.namespace == nil && ["Node", "PersistentVolume"].contains(event.object.kind ?? "")
            guard clusterScoped || configuration.scope.contains(namespace) else { continue }
            stats.failureEvents += 1
            if let key = coveredObjects[Self.objectKey(event)], known[key] != nil {
                stats.eventsCovered += 1
                continue
            }
            pending.append(Trigger(event: event, received: received))
            added = true
        }
        if added { scheduleCycle(after: configuration.debounce) }
    }

    func scheduleCycle(after delay: Duration) {
        guard !cycleScheduled, !cycleRunning else { return }
        cycleScheduled = true
        Task {
            try? await Task.sleep(for: delay)
            await self.cycle()
        }
    }

    /// One detection cycle over the pending events.
    func cycle() async {
        cycleScheduled = false
        guard !pending.isEmpty, !cycleRunning else { return }
        cycleRunning = true
        let batch = pending
        pending = []
        stats.cycles += 1
        var failed = false
        do {
            let (incidents, unmatched) = try await detect(batch)
            recheck.watch(unmatched, now: now())
            try await handle(incidents)
            stats.rechecking = recheck.count
        } catch is CancellationError {
            cycleRunning = false
            return
        } catch {
            failed = true
            stats.failedCycles += 1
            stats.lastError = "\(error)"
            log("watch: detection cycle failed (will retry): \(error)")
            pending = batch + pending
        }
        stats.lastCycleAt = now()
        cycleRunning = false
        if !pending.isEmpty { scheduleCycle(after: failed ? configuration.retryDelay : configuration.debounce) }
    }

    /// Loads the affected namespaces, diagnoses, and keeps findings the events point at; also
    /// returns the events that pointed at no finding.
    func detect(_ batch: [Trigger]) async throws -> (incidents: [Incident], unmatched: [Trigger]) {
        let byNamespace = Dictionary(grouping: batch) { trigger -> String? in
            trigger.event.object.namespace ?? (trigger.event.object.kind == "Node" ? nil : trigger.event.namespace)
        }
        var scopes: [(String?, [Trigger])] = []
        // Listing a few namespaces is far cheaper than the whole cluster (which a backlog of more
        // namespaces would otherwise trigger, making the next backlog bigger still).
        if byNamespace.keys.contains(where: { $0 == nil }) || byNamespace.count > configuration.namespacesPerCycle {
            scopes = [(nil, batch)]
        } else {
            scopes = byNamespace.sorted { ($0.key ?? "") < ($1.key ?? "") }.map { ($0.key, $0.value) }
        }
        // The namespaces' states are listed concurrently, a few at a time.
        let reader = self.reader
        let width = max(1, configuration.concurrentLoads)
        let states = try await withThrowingTaskGroup(of: (Int, ClusterState).self) { group in
            var next = 0
            func start() {
                guard next < scopes.count else { return }
                let index = next
                let namespace = scopes[index].0
                group.addTask { (index, try await reader.load(namespace: namespace)) }
                next += 1
            }
            for _ in 0..<width { start() }
            var loaded: [Int: ClusterState] = [:]
            for try await (index, state) in group {
                loaded[index] = state
                start()
            }
            return loaded
        }
        var incidents: [String: Incident] = [:]
        var unmatched: [Trigger] = []
        for (index, (_, triggers)) in scopes.enumerated() {
            guard let state = states[index] else { continue }
            let context = AnalysisContext(state: state, lookback: configuration.lookback)
            let report = diagnoser.diagnose(context)
            let pointers = triggers.map { trigger -> (Trigger, Set<String>) in
                (trigger, Self.pointers(trigger.event, context))
            }
            var pointedAt = Set<Int>()
            for finding in report.findings where configuration.scope.contains(finding.namespace) {
                let own = "\(finding.namespace ?? "")/\(finding.kind)/\(finding.name)"
                let named = "\(finding.namespace ?? "")/*/\(finding.name)"
                let indices = pointers.indices.filter { pointers[$0].1.contains(own) || pointers[$0].1.contains(named) }
                guard !indices.isEmpty else { continue }
                pointedAt.formUnion(indices)
                let matched = indices.map { pointers[$0].0 }
                let key = Incident.key(for: finding)
                if var existing = incidents[key] {
                    existing.triggers += matched.map(\.event)
                    existing.sources += matched
                    existing.received = min(existing.received, matched.map(\.received).min() ?? existing.received)
                    incidents[key] = existing
                } else {
                    incidents[key] = Incident(
                        finding: finding, triggers: matched.map(\.event), sources: matched,
                        received: matched.map(\.received).min() ?? now(), key: key)
                }
            }
            unmatched += pointers.indices.filter { !pointedAt.contains($0) }.map { pointers[$0].0 }
        }
        return (incidents.values.sorted(by: Incident.moreUrgent), unmatched)
    }

    /// What an event points at: its object, the object's root controller, and its name with
    /// generated suffixes stripped (a pod that is already gone still points at its Deployment).
    static func pointers(_ event: NormalizedEvent, _ context: AnalysisContext) -> Set<String> {
        guard let key = ObjectKey(event.object, defaultNamespace: event.object.kind == "Node" ? nil : event.namespace) else {
            return []
        }
        let root = context.root(of: key)
        let namespace = key.namespace ?? ""
        return [
            "\(namespace)/\(key.kind)/\(key.name)", "\(root.namespace ?? "")/\(root.kind)/\(root.name)",
            "\(namespace)/*/\(NameNormalizer.normalize(key.name))",
        ]
    }

    /// Creates or reuses actions, applies the cool-down, and publishes.
    func handle(_ incidents: [Incident]) async throws {
        var announce: [(Incident, String?, Date?)] = []
        for var incident in incidents {
            stats.incidents += 1
            if let action = incident.finding.action, configuration.createActions {
                // An action (open, or just rejected by the operator) stands for these events now.
                if known[incident.key] != nil {
                    cover(incident)
                    recheck.settle(incident.triggers)
                    stats.actionsReused += 1
                    continue
                }
                if let when = rejected[incident.key], now().timeIntervalSince(when) < configuration.cooldown {
                    recheck.settle(incident.triggers)
                    continue
                }
                var draft = ActionDraft(
                    finding: incident.finding, action: action, detector: .watcher, ttlMinutes: configuration.actionTTLMinutes)
                draft.incidentKey = incident.key
                do {
                    let (name, created) = try await sink.create(draft)
                    cover(incident)
                    recheck.settle(incident.triggers)
                    known[incident.key] = KnownAction(
                        incidentKey: incident.key, name: name, phase: "Proposed", terminal: false, createdAt: now())
                    stats.knownActions = known.count
                    if created {
                        stats.actionsCreated += 1
                        metrics.detected(after: now().timeIntervalSince(incident.received))
                        log("watch: \(incident.finding.class.rawValue) on \(incident.finding.root): created KarsSREAction \(name) (\(incident.key))")
                        announce.append((incident, name, now()))
                    } else {
                        stats.actionsReused += 1
                    }
                    continue
                } catch let error as RemediationError {
                    incident.withheld = "\(error)"
                }
            }
            // No action (yet): the failure may still develop into one (re-checked), and the finding
            // is announced once per cool-down.
            recheck.watch(incident.sources, now: now())
            let cooldownKey = Incident.cooldownKey(for: incident.finding)
            if let last = announced[cooldownKey], now().timeIntervalSince(last) < configuration.cooldown { continue }
            announced[cooldownKey] = now()
            unsaved[cooldownKey] = now()
            metrics.detected(after: now().timeIntervalSince(incident.received))
            log("watch: \(incident.finding.class.rawValue) on \(incident.finding.root): no action (\(incident.key))")
            announce.append((incident, nil, nil))
        }
        publish(announce)
        persistCooldown()
    }

    /// The event's object with generated suffixes stripped (all pods of a Deployment are one).
    static func objectKey(_ event: NormalizedEvent) -> String {
        let namespace = event.object.namespace ?? event.namespace ?? ""
        return "\(namespace)/\(event.object.kind ?? "")/\(NameNormalizer.normalize(event.object.name ?? ""))"
    }

    /// Marks the incident's objects as covered by its open action.
    func cover(_ incident: Incident) {
        for event in incident.triggers { coveredObjects[Self.objectKey(event)] = incident.key }
    }

    /// One detailed message for the most urgent incident plus a summary tail, within the rate limit.
    func publish(_ items: [(Incident, String?, Date?)]) {
        guard !items.isEmpty else { return }
        let items = items.sorted { Incident.moreUrgent($0.0, $1.0) }
        let current = now()
        let records = items.map { incident, name, created in
            DetectionRecord(
                key: incident.key, namespace: incident.finding.namespace, receivedAt: incident.received, actionName: name,
                actionCreatedAt: created, handedAt: nil)
        }
        if limiter.tryAcquire(current) {
            let (lead, name, _) = items[0]
            var message = composer.compose(lead, actionName: name, at: current)
            var others = held
            for (incident, _, _) in items.dropFirst() { others[incident.finding.class.rawValue, default: 0] += 1 }
            message.others = others
            held = [:]
            submit(message)
            stats.messages += 1
            for var record in heldRecords + records {
                record.handedAt = current
                observer(record)
            }
            heldRecords = []
        } else {
            for (incident, _, _) in items { held[incident.finding.class.rawValue, default: 0] += 1 }
            heldRecords += records
            stats.heldBack += items.count
            scheduleFlush()
        }
    }

    private func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        // Re-checked at least every second, so a clock that jumps (tests, suspend) is followed.
        let wait = min(max(limiter.nextSlot(after: now()).timeIntervalSince(now()), 0.05), 1)
        Task {
            try? await Task.sleep(for: .milliseconds(Int64(wait * 1000) + 10))
            self.flush()
        }
    }

    /// Sends what the rate limit held back as a summary, once a slot is free.
    func flush() {
        flushScheduled = false
        guard !held.isEmpty else { return }
        let current = now()
        guard limiter.tryAcquire(current) else {
            scheduleFlush()
            return
        }
        submit(IncidentNotification.summary(held, at: current))
        stats.messages += 1
        held = [:]
        for var record in heldRecords {
            record.handedAt = current
            observer(record)
        }
        heldRecords = []
    }
}
