import Foundation
import KubeAPI
import KubeModels
import Testing

@testable import KubeSim
@testable import Remediation

/// Two controllers with leader election: exactly one acts; killing it hands over within the lease
/// duration.
@Suite("High availability")
struct HighAvailabilityTests {
    static let election = LeaderElectionConfiguration(leaseDuration: 2, renewDeadline: 1.5, retryPeriod: 0.2)

    func holder(_ harness: RemediationHarness) async -> String? {
        guard let lease = try? await harness.sim.store.get(GroupResource(group: "coordination.k8s.io", resource: "leases"), namespace: "kars-sre", name: "kars-sre-controller")
        else { return nil }
        let holder = lease[path: "spec", "holderIdentity"]?.stringValue ?? ""
        return holder.isEmpty ? nil : holder
    }

    @Test func exactlyOneLeaderExecutesAndTheOtherTakesOver() async throws {
        let harness = try await RemediationHarness.start()
        var objects = [Fixtures.namespace("shop")]
        for name in ["web1", "web2"] {
            let (deployment, set) = Fixtures.deployment(name, namespace: "shop", now: Date())
            objects += [deployment, set]
        }
        try await harness.seed(objects)
        let counter = ApplicationCounter()
        await counter.start(await harness.sim.store.simpleChanges())
        let lives = ["a": ProcessLife(), "b": ProcessLife()]
        var tasks: [String: Task<Void, Never>] = [:]
        var controllers: [String: RemediationController] = [:]
        for identity in ["a", "b"] {
            let controller = try harness.controller(identity: identity, life: lives[identity]) {
                $0.leaderElection = Self.election
            }
            controllers[identity] = controller
            tasks[identity] = harness.run(controller)
        }
        var leader: String?
        try #require(
            await eventually {
                leader = await holder(harness)
                return leader != nil
            })
        let first = try #require(leader)
        let follower = first == "a" ? "b" : "a"
        try await Task.sleep(for: .milliseconds(500))
        #expect(controllers[first]?.leadership.isLeader == true)
        #expect(controllers[follower]?.leadership.isLeader == false)

        let one = try await harness.actions().create(.explicit(.scaleDeployment, "shop", "web1", replicas: 2))
        let applied = try await Lifecycle(harness: harness).approveAndWait(one.action.name, [.applied, .recovered])
        #expect(applied.status.execution?.holder == first)
        var instances: [String] = []
        _ = try await eventually {
            instances = try await harness.actions().events(of: applied).compactMap { $0["reportingInstance"]?.stringValue }
            return instances.count >= 5
        }
        #expect(Set(instances) == [first], "only the leader acts: \(instances)")

        // The leader dies without a word (its connection is cut, its lease is not released).
        let killedAt = Date()
        lives[first]?.kill()
        tasks[first]?.cancel()
        await tasks[first]?.value
        var newLeader: String?
        try #require(
            await eventually(timeout: 60) {
                newLeader = await holder(harness)
                return newLeader == follower
            })
        let handover = Date().timeIntervalSince(killedAt)
        // Taken over because the lease expired (2 s), not by something slower such as a resync;
        // the slack is for a loaded 2-core CI machine running every suite at once. The measured
        // handover is printed; the benchmark-grade number belongs in docs, not in an assertion.
        #expect(handover <= Self.election.leaseDuration + 20, "handover took \(handover) s")
        print("leader election on KubeSim: \(follower) took over \(String(format: "%.2f", handover)) s after \(first) died (lease 2 s)")

        let two = try await harness.actions().create(.explicit(.scaleDeployment, "shop", "web2", replicas: 2))
        let appliedTwo = try await Lifecycle(harness: harness).approveAndWait(two.action.name, [.applied, .recovered])
        #expect(appliedTwo.status.execution?.holder == follower)
        try await Task.sleep(for: .milliseconds(100))
        #expect(await counter.count("deployments.apps/shop/web1#replicas") == 1)
        #expect(await counter.count("deployments.apps/shop/web2#replicas") == 1)
        tasks[follower]?.cancel()
        await tasks[follower]?.value
        await counter.stop()
        await harness.stop()
    }

    @Test func aStoppedLeaderReleasesTheLease() async throws {
        let harness = try await RemediationHarness.start()
        let controller = try harness.controller(identity: "solo") { $0.leaderElection = Self.election }
        let task = harness.run(controller)
        try #require(await eventually { await holder(harness) == "solo" })
        task.cancel()
        await task.value
        #expect(await holder(harness) == nil)
        #expect(controller.leadership.isLeader == false)
        await harness.stop()
    }

    /// The Lease create lands on the server but its answer never comes back (the request was cut
    /// by the replica stopping): a replica stopped while campaigning still gives the lease back.
    @Test func aLeaseWonByALostAnswerIsReleasedOnStop() async throws {
        let harness = try await RemediationHarness.start()
        let transport = try HTTPClientTransport(config: harness.adminConfig)
        let client = KubeClient(transport: AnswerLosingTransport(base: transport), defaultNamespace: "kars-sre")
        let elector = LeaderElector(
            client: client, namespace: "kars-sre", identity: "solo", configuration: Self.election,
            clock: SystemClock(), leadership: Leadership(isLeader: false), log: { _ in })
        let task = Task { await elector.run { } }
        try #require(await eventually { await holder(harness) == "solo" })
        task.cancel()
        await task.value
        #expect(await holder(harness) == nil, "the lease stays held by a stopped replica")
        try? await transport.shutdown()
        await harness.stop()
    }
}

/// Sends every request, but answers a Lease create or update as if the connection dropped after
/// sending: the write happened, the caller never learns it.
struct AnswerLosingTransport: KubeTransport {
    let base: any KubeTransport
    var server: String { base.server }
    var originDescription: String { base.originDescription }

    func send(_ request: KubeRequest) async throws -> KubeResponse {
        let response = try await base.send(request)
        if request.path.contains("/leases"), request.method == .post || request.method == .put {
            throw KubeAPIError.connectionLost(
                ConnectionFailure(server: server, origin: originDescription, reason: "answer lost"))
        }
        return response
    }

    func stream(_ request: KubeRequest) async throws -> KubeStreamingResponse { try await base.stream(request) }
    func shutdown() async throws { try await base.shutdown() }
}

