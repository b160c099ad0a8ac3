import Foundation
import KubeModels
import Logging

/// Runs the simulated controllers (deployment, replicaset, statefulset, daemonset, job, scheduler,
/// kubelet, node lifecycle, endpoints, namespace, garbage collector, metrics, KarsSandbox) in
/// process against a `ClusterStore`, as admin.
///
/// Exists to make KubeSim behave like a small live cluster: it keeps an informer cache fed from the
/// store's change feed, a de-duplicating work queue and a delaying queue on the simulation clock, and
/// runs one reconcile at a time, so that controller code needs no locking. With a `ScaledClock` it
/// runs by itself; with a `ManualClock` nothing happens until `settle()` or `advance(by:)`, which
/// step through every change and every timer in order: the same timeline on every run.
public actor ControllerManager {
    public nonisolated let store: ClusterStore
    public nonisolated let clock: any SimulationClock
    public nonisolated let options: SimulationOptions

    var cache = ObjectCache()
    var recorder = EventRecorder()
    var random: SplitMix64
    let logger = Logger(label: "kubesim.controllers")

    private var controllers: [any SimController] = []
    private var indexOf: [ObjectIdentifier: Int] = [:]
    private var interest: [GroupResource: [Int]] = [:]
    private var pending: [StoreChange] = []
    private var pendingHead = 0
    private var queue = WorkQueue()
    private var timers = TimerQueue()
    private var received: UInt64 = 0
    private var draining = false
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []
    private var pumpWaiter: CheckedContinuation<Void, Never>?
    private var tasks: [Task<Void, Never>] = []
    private var running = false
    /// The store's clock before `start()` hooked it, given back by `stop()`.
    private var previousStoreClock: (@Sendable () -> Date)?
    /// How many reconciles ran (for tests and benchmarks).
    public private(set) var reconciles = 0

    public init(store: ClusterStore, clock: any SimulationClock, options: SimulationOptions = SimulationOptions()) {
        self.store = store
        self.clock = clock
        self.options = options
        self.random = SplitMix64(seed: options.seed)
    }

    // MARK: - Life cycle

    /// Hooks the store's clock, fills the cache, subscribes to changes and (with a real clock)
    /// starts processing.
    public func start() async {
        guard !running else { return }
        running = true
        let clock = self.clock
        previousStoreClock = await store.clock
        await store.setClock { clock.now() }
        register(makeControllers())
        let (stream, snapshot, revision) = await store.subscribeWithSnapshot(ObjectCache.tracked)
        received = revision
        for resource in snapshot.keys.sorted() {
            for stored in snapshot[resource] ?? [] {
                cache.apply(.added, resource, stored.object, revision: stored.resourceVersion)
            }
        }
        for resource in ObjectCache.tracked.sorted() {
            for object in cache.list(resource) {
                dispatch(CacheChange(type: .added, resource: resource, object: object, old: nil))
            }
        }
        tasks.append(Task { [weak self] in
            for await change in stream {
                guard let self else { return }
                await self.receive(change)
            }
        })
        await store.setPodTerminationHook { [weak self] pod in
            await self?.podTerminationRequested(pod)
        }
        if !clock.isManual {
            tasks.append(Task { [weak self] in
                while !Task.isCancelled {
                    guard let self else { return }
                    let wait = await self.wallSecondsToNextTimer()
                    try? await Task.sleep(for: .milliseconds(Int(max(1, wait * 1000))))
                    await self.fireDueTimers()
                }
            })
            startDrain()
        }
    }

    /// Stops processing; the store keeps its state and goes back to the clock it had before (the
    /// wall clock of a served KubeSim).
    public func stop() async {
        guard running else { return }
        running = false
        for task in tasks { task.cancel() }
        tasks = []
        await store.setPodTerminationHook(nil)
        await store.setClock(previousStoreClock ?? { Date() })
        pumpWaiter?.resume()
        pumpWaiter = nil
    }

    private func makeControllers() -> [any SimController] {
        let enabled = options.controllers
        var list: [any SimController] = []
        if enabled.contains(.deployment) { list.append(DeploymentController()) }
        if enabled.contains(.replicaset) { list.append(ReplicaSetController()) }
        if enabled.contains(.statefulset) { list.append(StatefulSetController()) }
        if enabled.contains(.daemonset) { list.append(DaemonSetController()) }
        if enabled.contains(.job) { list.append(JobController()) }
        if enabled.contains(.scheduler) { list.append(Scheduler()) }
        if enabled.contains(.kubelet) { list.append(Kubelet()) }
        if enabled.contains(.nodeLifecycle) { list.append(NodeLifecycleController()) }
        if enabled.contains(.endpoints) { list.append(EndpointsController()) }
        if enabled.contains(.endpointSlice) { list.append(EndpointSliceController()) }
        if enabled.contains(.namespace) { list.append(NamespaceController()) }
        if enabled.contains(.garbageCollector) { list.append(GarbageCollector()) }
        if enabled.contains(.metrics) { list.append(MetricsController()) }
        if enabled.contains(.karsSandbox) { list.append(KarsSandboxController()) }
        return list
    }

    private func register(_ list: [any SimController]) {
        for controller in list {
            let index = controllers.count
            controllers.append(controller)
            indexOf[ObjectIdentifier(controller)] = index
            for resource in controller.watches { interest[resource, default: []].append(index) }
        }
    }

    // MARK: - Driving (tests and the deterministic mode)

    /// Processes every pending change and every queued reconcile until nothing is left, without
    /// moving the clock.
    public func settle() async {
        repeat {
            await drain()
        } while running && (hasPendingChanges || !queue.isEmpty)
    }

    /// Moves a manual clock forward by `seconds`, firing every timer due on the way in order and
    /// settling after each; with a real clock, waits that long and settles.
    public func advance(by seconds: Double) async {
        _ = await advance(by: seconds, until: nil)
    }

    /// Like `advance(by:)`, but stops as soon as `condition` holds after a step; returns whether it
    /// held.
    @discardableResult
    public func advance(by seconds: Double, until condition: (@Sendable () async -> Bool)?) async -> Bool {
        await settle()
        if let condition, await condition() { return true }
        guard let manual = clock as? ManualClock else {
            let deadline = clock.now().addingTimeInterval(seconds)
            while clock.now() < deadline {
                let step = min(clock.wallSeconds(forSimulated: deadline.timeIntervalSince(clock.now())), 0.02)
                try? await Task.sleep(for: .milliseconds(Int(max(1, step * 1000))))
                await settle()
                if let condition, await condition() { return true }
            }
            return condition == nil ? true : await condition?() ?? true
        }
        let target = manual.now().addingTimeInterval(seconds).timeIntervalSince1970
        var stalled = 0
        while let due = timers.nextDue(), due <= target {
            // A controller that keeps asking for a time already passed would stop the clock.
            stalled = due <= manual.now().timeIntervalSince1970 ? stalled + 1 : 0
            if stalled > 10_000 {
                logger.error("timers keep firing at \(manual.now()): stepping over them")
                break
            }
            manual.set(Date(timeIntervalSince1970: due))
            for item in timers.popDue(atOrBefore: due) { queue.add(item) }
            await settle()
            if let condition, await condition() { return true }
        }
        manual.set(Date(timeIntervalSince1970: target))
        await settle()
        if let condition { return await condition() }
        return true
    }

    /// Pending timers (for tests).
    public var scheduledTimers: Int { timers.count }

    /// Events written and dropped by the event recorder's spam filter.
    public var eventCounts: (written: Int, dropped: Int) { (recorder.written, recorder.dropped) }

    // MARK: - Change feed

    private var hasPendingChanges: Bool { pendingHead < pending.count }

    private func receive(_ change: StoreChange) {
        pending.append(change)
        received = max(received, change.resourceVersion)
        if let waiter = pumpWaiter {
            pumpWaiter = nil
            waiter.resume()
        }
        if !clock.isManual, !draining { startDrain() }
    }

    private func nextPending() -> StoreChange? {
        guard pendingHead < pending.count else { return nil }
        let change = pending[pendingHead]
        pendingHead += 1
        if pendingHead > 4096 {
            pending.removeFirst(pendingHead)
            pendingHead = 0
        }
        return change
    }

    private func apply(_ change: StoreChange) {
        guard ObjectCache.tracked.contains(change.resource) else { return }
        let key = ObjectKey(namespace: change.object.namespace, name: change.object.name)
        let old = cache.get(change.resource, key)
        guard cache.apply(change.type, change.resource, change.object, revision: change.resourceVersion) else { return }
        if change.type == .deleted, change.resource == .pods { recorder.forget(uid: change.object.uid) }
        dispatch(CacheChange(type: change.type, resource: change.resource, object: change.object, old: old ?? change.oldObject))
    }

    private func dispatch(_ change: CacheChange) {
        for index in interest[change.resource] ?? [] {
            controllers[index].handle(change, manager: self)
        }
    }

    private func startDrain() {
        guard running else { return }
        Task { [weak self] in await self?.drain() }
    }

    /// The processing loop: changes first (so the cache is current), then queued reconciles, until
    /// the store has no change this manager has not seen.
    private func drain() async {
        if draining {
            await withCheckedContinuation { drainWaiters.append($0) }
            return
        }
        draining = true
        while running {
            if let change = nextPending() {
                apply(change)
                continue
            }
            if let item = queue.pop() {
                reconciles += 1
                await controllers[item.controller].reconcile(item.key, manager: self)
                // Read your writes: the next reconcile sees everything this one wrote.
                await catchUp()
                continue
            }
            if !clock.isManual {
                fireDueTimersIntoQueue()
                if !queue.isEmpty { continue }
            }
            await catchUp()
            if hasPendingChanges || !queue.isEmpty { continue }
            break
        }
        draining = false
        let waiters = drainWaiters
        drainWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    /// Waits until the change feed has delivered every change the store has committed.
    private func catchUp() async {
        let current = await store.currentResourceVersion
        while running, received < current {
            await withCheckedContinuation { pumpWaiter = $0 }
        }
    }

    // MARK: - Timers

    private func wallSecondsToNextTimer() -> Double {
        guard let due = timers.nextDue() else { return 0.05 }
        let simulated = due - clock.now().timeIntervalSince1970
        return min(clock.wallSeconds(forSimulated: simulated), 0.05)
    }

    private func fireDueTimersIntoQueue() {
        for item in timers.popDue(atOrBefore: clock.now().timeIntervalSince1970) { queue.add(item) }
    }

    private func fireDueTimers() {
        fireDueTimersIntoQueue()
        if !queue.isEmpty, !draining { startDrain() }
    }

    // MARK: - For controllers

    var now: Date { clock.now() }

    func enqueue(_ controller: AnyObject, _ key: ObjectKey) {
        guard let index = indexOf[ObjectIdentifier(controller)] else { return }
        queue.add(WorkItem(controller: index, key: key))
    }

    func enqueue(_ controller: AnyObject, _ key: ObjectKey, after seconds: Double) {
        enqueue(controller, key, at: now.addingTimeInterval(max(seconds, 0)))
    }

    func enqueue(_ controller: AnyObject, _ key: ObjectKey, at date: Date) {
        guard let index = indexOf[ObjectIdentifier(controller)] else { return }
        timers.schedule(WorkItem(controller: index, key: key), at: date.timeIntervalSince1970)
    }

    /// The controller of a kind, if it runs.
    func controller<T: SimController>(_ type: T.Type) -> T? {
        controllers.lazy.compactMap { $0 as? T }.first
    }

    private func podTerminationRequested(_ pod: JSONValue) {
        guard let kubelet = controller(Kubelet.self) else { return }
        enqueue(kubelet, ObjectKey(namespace: pod.namespace, name: pod.name))
        if !clock.isManual, !draining { startDrain() }
    }

    // MARK: - Writes

    /// Records a core/v1 event about `object` (aggregated, de-duplicated, spam-filtered).
    func event(
        _ object: JSONValue, type: String = "Normal", reason: String, message: String, source: EventSource,
        fieldPath: String? = nil
    ) async {
        let reference = SimObjects.reference(to: object, fieldPath: fieldPath)
        guard let write = recorder.record(reference: reference, type: type, reason: reason, message: message, source: source, now: now)
        else { return }
        await perform(write)
    }

    /// Records an events.k8s.io-style event (with `eventTime` and `series`), as the scheduler does.
    func seriesEvent(
        _ object: JSONValue, type: String, reason: String, message: String, controller: String, instance: String,
        action: String
    ) async {
        let reference = SimObjects.reference(to: object)
        guard
            let write = recorder.recordSeries(
                reference: reference, type: type, reason: reason, message: message, controller: controller,
                instance: instance, action: action, now: now)
        else { return }
        await perform(write)
    }

    private func perform(_ write: EventWrite) async {
        switch write {
        case .create(let event):
            _ = try? await store.create(.events, namespace: event.namespace, event)
        case .patch(let namespace, let name, let body, let fallback):
            do {
                _ = try await store.patch(.events, namespace: namespace, name: name, type: .merge, body: body)
            } catch {
                if error.code == 404 { _ = try? await store.create(.events, namespace: namespace, fallback) }
            }
        }
    }

    /// Creates an object; returns the created object or the API error.
    func create(_ resource: GroupResource, _ object: JSONValue) async -> Result<JSONValue, APIError> {
        do {
            return .success(try await store.create(resource, namespace: object.namespace.isEmpty ? nil : object.namespace, object))
        } catch {
            return .failure(error)
        }
    }

    /// Replaces the status of an object without a resource-version precondition (the status
    /// writer owns it).
    @discardableResult
    func writeStatus(_ resource: GroupResource, _ object: JSONValue, status: JSONValue) async -> JSONValue? {
        var updated = object
        updated["status"] = status
        updated.setValue(nil, at: ["metadata", "resourceVersion"])
        do {
            return try await store.update(
                resource, namespace: object.namespace.isEmpty ? nil : object.namespace, updated, subresource: "status")
        } catch {
            if error.code != 404 { logger.debug("status of \(resource) \(object.name): \(error)") }
            return nil
        }
    }

    /// A merge patch of an object (or of its status).
    @discardableResult
    func patch(
        _ resource: GroupResource, namespace: String, name: String, _ body: JSONValue, subresource: String? = nil
    ) async -> JSONValue? {
        do {
            return try await store.patch(
                resource, namespace: namespace.isEmpty ? nil : namespace, name: name, type: .merge, body: body,
                subresource: subresource)
        } catch {
            if error.code != 404 { logger.debug("patch of \(resource) \(name): \(error)") }
            return nil
        }
    }

    /// Deletes an object; nil on success, else the error.
    @discardableResult
    func delete(
        _ resource: GroupResource, namespace: String, name: String, gracePeriod: Int64? = nil,
        uid: String? = nil, propagation: PropagationPolicy? = nil
    ) async -> APIError? {
        do {
            _ = try await store.delete(
                resource, namespace: namespace.isEmpty ? nil : namespace, name: name,
                options: DeleteOptions(gracePeriodSeconds: gracePeriod, propagationPolicy: propagation, preconditionUID: uid))
            return nil
        } catch {
            return error
        }
    }

    /// A fresh `NAME-xxxxx` name (the API server's generateName alphabet, from the seeded generator).
    func generatedName(prefix: String) -> String {
        prefix + random.suffix()
    }

    /// A node-local pod IP from the node's `podCIDR` (or 10.244.N.0/24).
    func nextRandom() -> UInt64 { random.next() }
}

extension ControllerManager {
    /// Consecutive failed syncs of a ReplicaSet (its back-off step), for tests and the console.
    public func replicaSetFailures(namespace: String, name: String) -> Int {
        controller(ReplicaSetController.self)?.failures[ObjectKey(namespace: namespace, name: name)] ?? 0
    }
}
