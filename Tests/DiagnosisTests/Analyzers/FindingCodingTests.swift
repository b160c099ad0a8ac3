import ClusterState
import Diagnosis
import Foundation
import KubeModels
import Testing

@Suite("Finding JSON contract")
struct FindingCodingTests {
    @Test("a finding encodes the DESIGN.md section 5 fields, nulls included, and decodes back")
    func roundTrip() throws {
        let finding = Finding(
            class: .quotaExceeded, severity: .critical, root: ObjectKey(kind: "Deployment", namespace: "kars-research", name: "research"),
            summary: "Pods cannot be created", evidence: ["ReplicaSet research-1: FailedCreate x12"],
            action: .deleteResourceQuota(namespace: "kars-research", name: "platform-hardening"))
        let data = try JSONEncoder().encode(DiagnosisReport(findings: [finding]))
        let json = try JSONParser.parse(data)
        let first = try #require(json["findings"]?[0])
        #expect(first["class"] == "QuotaExceeded")
        #expect(first["severity"] == "critical")
        #expect(first["actionWithheld"] == .null, "null is written, not omitted")
        #expect(first["action"] == ["type": "DeleteResourceQuota", "namespace": "kars-research", "name": "platform-hardening"])
        let node = Finding(class: .nodeNotReady, severity: .critical, root: ObjectKey(kind: "Node", namespace: nil, name: "w"), summary: "s", evidence: ["e"])
        let nodeJSON = try JSONParser.parse(JSONEncoder().encode(node))
        #expect(nodeJSON["namespace"] == .null, "cluster-scoped findings have a null namespace")
        let decoded = try JSONDecoder().decode(DiagnosisReport.self, from: data)
        #expect(decoded.findings == [finding])
    }
}
