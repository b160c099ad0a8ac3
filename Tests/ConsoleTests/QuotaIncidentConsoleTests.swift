import ClusterState
import Console
import Diagnosis
import Foundation
import KubeAPI
import KubeModels
import Remediation
import Testing

@testable import KubeSim

/// The whole loop through the console against KubeSim with its controllers and the remediation
/// controller running: the quota incident is staged, proposed, shown live, approved with CSRF,
/// applied by the controller and observed Recovered, all through HTTP.
@Suite("Console: quota incident end to end")
struct QuotaIncidentConsoleTests {
    /// Stages the quota incident and creates the action the diagnosis proposes for it.
    static func stageAndPropose(_ harness: ConsoleHarness) async throws -> String {
        let simulation = try #require(harness.simulation)
        let report = try await Stage.apply(.quota, on: simulation, timeout: 120)
        #expect(report.observed, "\(report)")
        let (state, _) = try await LiveLoader(client: harness.admin).load(namespace: "kars-research")
        let diagnosis = Diagnoser().diagnose(AnalysisContext(state: state, namespaces: ["kars-research"]))
        let finding = try #require(diagnosis.findings.first { $0.class == .quotaExceeded }, "\(diagnosis.findings)")
        let action = try #require(finding.action)
        let created = try await ActionClient(client: harness.admin).create(
            ActionDraft(finding: finding, action: action, detector: .watcher))
        return created.action.name
    }

    @Test func pendingCardAppearsLiveApproveMovesItToInFlightThenRecovered() async throws {
        let harness = try await ConsoleHarness.start(controllers: true, remediation: true)
        let browser = BrowserSession(harness)
        let page = try await browser.get("/")
        #expect(page.status == 200)
        #expect(browser.csrf != nil && browser.cookies["kars_csrf"] != nil)
        let stream = try await EventStreamReader.open(harness, headers: browser.cookieHeader)
        #expect(stream.status == 200)

        let id = try await Self.stageAndPropose(harness)
        let pending = await stream.next { ($0["pending"] ?? "").contains("data-action=\"\(id)\"") }
        let pendingHTML = try #require(pending?["pending"], "the pending card never arrived on the live stream")
        #expect(pendingHTML.contains("DeleteResourceQuota"))
        #expect(pendingHTML.contains("name=\"csrf\" value=\"\(browser.csrf ?? "-")\""))

        // Health is workload-aware: the sandbox says Running but its workload is down.
        let health = try await browser.get("/api/health").json
        let sandbox = try #require(health["sandboxes"]?.arrayValue?.first { $0["name"]?.stringValue == "research" })
        #expect(sandbox["state"]?.stringValue == "Workload down", "\(sandbox)")
        #expect(sandbox["workloadNamespace"]?.stringValue == "kars-research")
        #expect(health["overall"]?.stringValue == "Degraded")
        let incidents = try await browser.get("/api/incidents").json["incidents"]?.arrayValue ?? []
        #expect(incidents.contains { $0["reason"]?.stringValue == "FailedCreate" && $0["kind"]?.stringValue == "ReplicaSet" })
        let listed = try await browser.get("/api/actions").json["actions"]?.arrayValue ?? []
        #expect(listed.contains { $0["id"]?.stringValue == id && $0["phase"]?.stringValue == "Proposed" })

        // Approving without the CSRF token is refused and changes nothing.
        let forged = try await harness.request(
            "/actions/\(id)/approve", method: "POST", headers: [("Accept", "application/json")], body: "")
        #expect(forged.status == 403)
        #expect(try await ActionClient(client: harness.admin).get(id).spec.approvalState == .pending)

        let approved = try await browser.decide(id, "approve")
        #expect(approved.status == 200, "\(approved.body)")
        #expect(approved.json["ok"]?.boolValue == true)
        let inFlight = await stream.next { ($0["inflight"] ?? "").contains("data-action=\"\(id)\"") }
        #expect(inFlight != nil, "the action never showed in flight")
        let pendingAfterApproval = inFlight?["pending"] ?? ""
        #expect(pendingAfterApproval.contains("data-action=\"\(id)\"") == false)

        let recovered = await stream.next(timeout: 60) {
            ($0["recent"] ?? "").contains("data-action=\"\(id)\" data-phase=\"Recovered\"")
        }
        #expect(recovered != nil, "the action never showed as Recovered in Recent")
        let detail = try await browser.get("/api/actions/\(id)").json
        #expect(detail[path: "action", "status", "phase"]?.stringValue == "Recovered")
        #expect(detail[path: "action", "spec", "approval", "by"]?.stringValue == "kubernetes-admin")
        let actionPage = try await browser.get("/actions/\(id)")
        #expect(actionPage.body.contains("Condition timeline"))
        #expect(actionPage.body.contains("Recovered=True"))
        #expect(actionPage.body.contains("requests.memory=50Mi"))

        let metrics = try await harness.get("/metrics")
        #expect(metrics.body.contains("kars_sre_actions{phase=\"Recovered\"} 1.0"), "\(metrics.body)")
        #expect(metrics.body.contains("kars_sre_time_to_recover_seconds_count 1"))
        #expect(metrics.body.contains("kars_sre_kube_api_request_duration_seconds_count"))
        #expect(metrics.body.contains("kars_sre_detection_latency_seconds"))
        stream.close()
        await harness.stop()
    }
}
