import Foundation
import KubeAPI
import KubeModels

/// `kars-sre controller`: a level-triggered reconciler of KarsSREActions on watches, with a
/// periodic resync, one-shot least-privilege execution, recovery observation and, when configured,
/// leader election (only the Lease holder acts).
public final class RemediationController: Sendable {
    public let configuration: ControllerConfiguration
    public let dependencies: ControllerDependencies
    public let leadership: Leadership
    let active = ActiveGrants()

    public init(configuration: ControllerConfiguration, dependencies: ControllerDependencies) {
        self.configuration = configuration
        self.dependencies = dependencies
        self.leadership = Leadership(isLeader: configuration.leaderElection == nil)
    }

    /// Runs until the calling task is cancelled.
    public func run() async {
        if let election = configuration.leaderElection {
            let elector = LeaderElector(
                client: dependencies.client, namespace: configuration.namespace, identity: configuration.identity,
                configuration: election, clock: dependencies.clock, leadership: leadership, log: dependencies.log)
            await elector.run { [self] in await self.runAsLeader() }
        } else {
            await runAsLeader()
        }
    }

    /// The reconciler wired to this controller's dependencies.
    func makeReconciler(observation: RecoveryObservation) -> Reconciler {
        let client = dependencies.client
        let session = WriterSession(
            reader: client, writer: configuration.writer, factory: dependencies.writerFactory,
            ceilings: configuration.ceilings, hook: dependencies.hook, active: active, log: dependencies.log)
        return Reconciler(
            configuration: configuration, store: KubeActionStore(client: client, namespace: configuration.namespace),
            client: client, session: session,
            events: EventRecorder(
                client: client, instance: configuration.identity, clock: dependencies.clock, log: dependencies.log),
            killSwitch: KillSwitch(client: client, namespace: configuration.namespace),
            findings: dependencies.findings
                ?? DiagnosisFindingCheck(
                    client: client, lookback: configuration.lookback, protection: configuration.protection.policy),
            clock: dependencies.clock, hook: dependencies.hook, observation: observation, leadership: leadership,
            log: dependencies.log)
    }

    /// Everything the leader does: sweep, watch, resync, reconcile.
    func runAsLeader() async {
        let observation = RecoveryObservation()
        let actions = ObjectCache(resource: .karsSREActions)
        let control = ObjectCache(resource: .configMaps)
        let queue = WorkQueue(clock: dependencies.clock)
        let reconciler = makeReconciler(observation: observation)
        let sweeper = OrphanSweeper(reader: dependencies.client, active: active, log: dependencies.log)
        await sweeper.sweep()
        let namespace = configuration.namespace
        await withDiscardingTaskGroup { group in
            group.addTask {
                await self.pump(actions, namespace: namespace) { event, _ in
                    for name in Self.names(in: event) { await queue.add(name) }
                }
            }
            group.addTask {
                await self.pump(
                    control, namespace: namespace, fieldSelector: "metadata.name=\(KillSwitch.configMapName)"
                ) { _, _ in
                    for action in await Self.actions(actions) where action.phase == .approved { await queue.add(action.name) }
                }
            }
            for cache in observation.caches {
                group.addTask {
                    await self.pump(cache, namespace: nil) { _, namespaces in
                        for action in await Self.actions(actions)
                        where action.phase == .applied && namespaces.contains(action.target.namespace) {
                            await queue.add(action.name)
                        }
                    }
                }
            }
            group.addTask {
                await actions.waitUntilSynced()
                while !Task.isCancelled {
                    for action in await Self.actions(actions) { await queue.add(action.name) }
                    do { try await self.dependencies.clock.sleep(seconds: self.configuration.resync) } catch { break }
                    await sweeper.sweep()
                }
            }
            group.addTask {
                await actions.waitUntilSynced()
                while let name = await queue.next() {
                    if Task.isCancelled { break }
                    if let delay = await reconciler.reconcile(name) { await queue.add(name, after: delay) }
                }
            }
            group.addTask {
                await withTaskCancellationHandler {
                    while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                } onCancel: {
                    Task { await queue.shutDown() }
                }
            }
        }
    }

    /// Feeds a cache from a reflector, re-starting it after errors, until cancelled.
    private func pump(
        _ cache: ObjectCache, namespace: String?, fieldSelector: String? = nil,
        onChange: @escaping @Sendable (ReflectorEvent, Set<String>) async -> Void
    ) async {
        while !Task.isCancelled {
            let reflector = Reflector(
                client: dependencies.client, resource: cache.resource, namespace: namespace,
                fieldSelector: fieldSelector)
            do {
                for try await event in reflector.events() {
                    let namespaces = await cache.apply(event)
                    await onChange(event, namespaces)
                }
            } catch {
                if Task.isCancelled { break }
                dependencies.log("watch of \(cache.resource) failed, restarting: \(error)")
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    static func names(in event: ReflectorEvent) -> [String] {
        switch event {
        case .replaced(let items, _): return items.compactMap { $0[path: "metadata", "name"]?.stringValue }
        case .added(let object), .modified(let object), .deleted(let object):
            return [object[path: "metadata", "name"]?.stringValue].compactMap { $0 }
        }
    }

    static func actions(_ cache: ObjectCache) async -> [ActionObject] {
        await cache.all().compactMap { try? ActionObject(raw: $0) }
    }
}
