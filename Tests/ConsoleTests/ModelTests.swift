import Console
import Foundation
import KubeModels
import Testing

/// Health, incidents, CSRF tokens and the change hub without a server.
@Suite("Console: models")
struct ModelTests {
    static func deployment(_ namespace: String, _ name: String, desired: Int64, available: Int64) -> JSONValue {
        [
            "kind": "Deployment", "metadata": ["name": .string(name), "namespace": .string(namespace), "generation": 2],
            "spec": ["replicas": .int(desired)],
            "status": ["observedGeneration": 2, "availableReplicas": .int(available), "updatedReplicas": .int(available)],
        ]
    }

    static func sandbox(_ name: String, phase: String = "Running", degraded: Bool = false) -> JSONValue {
        var conditions: [JSONValue] = []
        if degraded { conditions.append(["type": "Degraded", "status": "True", "reason": "PolicyMissing", "message": "tool policy research-tools not found"]) }
        return [
            "kind": "KarsSandbox", "metadata": ["name": .string(name), "namespace": "kars-system"],
            "status": ["phase": .string(phase), "namespace": .string("kars-\(name)"), "conditions": .array(conditions)],
        ]
    }

    @Test func sandboxesAreHealthyWorkloadDownOrDegraded() {
        let report = HealthReport(
            deployments: [
                Self.deployment("kars-research", "research", desired: 1, available: 0),
                Self.deployment("kars-chat", "chat", desired: 2, available: 2),
                Self.deployment("kars-docs", "docs", desired: 1, available: 1),
            ],
            statefulSets: [], daemonSets: [],
            sandboxes: [Self.sandbox("research"), Self.sandbox("chat"), Self.sandbox("docs", degraded: true)])
        let states = Dictionary(uniqueKeysWithValues: report.sandboxes.map { ($0.name, $0) })
        #expect(states["research"]?.state == "Workload down")
        #expect(states["research"]?.workloadNamespace == "kars-research")
        #expect(states["research"]?.message == "Deployment research: 0/1 available")
        #expect(states["chat"]?.state == "Healthy")
        #expect(states["chat"]?.available == 2 && states["chat"]?.desired == 2)
        #expect(states["docs"]?.state == "CR-Degraded")
        #expect(states["docs"]?.message == "tool policy research-tools not found")
        #expect(report.overall == "Degraded")
        #expect(report.workloadsTotal == 3 && report.workloadsHealthy == 2)
        #expect(report.unhealthy.map(\.name) == ["research"])
    }

    @Test func aRunningSandboxWithoutItsDeploymentIsDown() {
        let report = HealthReport(deployments: [], statefulSets: [], daemonSets: [], sandboxes: [Self.sandbox("lost")])
        #expect(report.sandboxes.first?.state == "Workload down")
        #expect(report.sandboxes.first?.message == "Deployment lost not found in kars-lost")
    }

    @Test func incidentsAreRecentFailureEventsGroupedPerObjectAndReason() {
        let now = Date()
        let events = [
            ActionFixtures.event(namespace: "a", name: "p", reason: "BackOff", message: "old", at: now.addingTimeInterval(-1000)),
            ActionFixtures.event(namespace: "a", name: "p", reason: "BackOff", message: "new", at: now.addingTimeInterval(-10)),
            ActionFixtures.event(namespace: "a", name: "q", reason: "FailedMount", message: "stale", at: now.addingTimeInterval(-3600)),
            ActionFixtures.event(namespace: "a", name: "r", reason: "Scheduled", message: "fine", at: now),
        ]
        let list = IncidentList(events: events, filter: FailureReasonFilter(), now: now, window: 900)
        #expect(list.incidents.count == 1)
        #expect(list.incidents.first?.name == "p")
        #expect(list.incidents.first?.message == "new")
        #expect(list.incidents.first?.count == 2)
        let wide = IncidentList(events: events, filter: FailureReasonFilter(), now: now, window: 7200)
        #expect(Set(wide.incidents.map(\.reason)) == ["BackOff", "FailedMount"])
        #expect(wide.incidents.first { $0.reason == "BackOff" }?.count == 4)
    }

    @Test func csrfTokensAreSignedAndMustMatchTheCookie() {
        let guardA = CSRFGuard(secret: Array(repeating: 1, count: 32))
        let guardB = CSRFGuard(secret: Array(repeating: 2, count: 32))
        let token = guardA.issue()
        #expect(guardA.isGenuine(token))
        #expect(!guardB.isGenuine(token))
        #expect(guardA.verify(cookie: token, submitted: token))
        #expect(!guardA.verify(cookie: token, submitted: guardA.issue()))
        #expect(!guardA.verify(cookie: nil, submitted: token))
        #expect(!guardA.verify(cookie: "abc.def", submitted: "abc.def"))
        #expect(guardA.issue() != token)
    }

    @Test func theChangeHubWakesWaitersAndClosesStreams() async {
        let hub = ChangeHub()
        let waiter = Task { await hub.next(after: 0, timeout: 30) }
        try? await Task.sleep(for: .milliseconds(20))
        await hub.bump()
        #expect(await waiter.value == 1)
        #expect(await hub.next(after: 1, timeout: 0.05) == 1)
        let closing = Task { await hub.next(after: 1, timeout: 30) }
        try? await Task.sleep(for: .milliseconds(20))
        await hub.close()
        #expect(await closing.value == nil)
    }
}
