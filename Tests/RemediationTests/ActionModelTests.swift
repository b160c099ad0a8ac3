import Foundation
import KubeModels
import Testing

@testable import Remediation

@Suite("KarsSREAction model")
struct ActionModelTests {
    @Test func decodesEveryFieldItWrites() throws {
        let raw: JSONValue = [
            "apiVersion": "kars.azure.com/v1alpha1", "kind": "KarsSREAction",
            "metadata": ["name": "deleteresourcequota-abcde", "namespace": "kars-sre", "resourceVersion": "7"],
            "spec": [
                "action": [
                    "type": "DeleteResourceQuota",
                    "target": ["namespace": "kars-research", "name": "platform-hardening"],
                ],
                "diagnosis": ["class": "QuotaExceeded", "summary": "Pods cannot be created", "evidence": ["e1"]],
                "rationale": "free the namespace", "ttlMinutes": 45,
                "source": ["detector": "cli", "incidentKey": "DeleteResourceQuota/kars-research/platform-hardening"],
                "approval": [
                    "state": "Approved", "by": "alice", "verified": true, "reason": "ok", "at": "2026-01-02T03:04:05Z",
                ],
                "undoOf": "x", "followUpOf": "y",
            ],
            "status": [
                "phase": "Applied", "observedGeneration": 2, "message": "m",
                "conditions": [["type": "Applied", "status": "True", "reason": "ActionApplied", "message": "done"]],
                "preview": ["summary": "s", "dryRun": true, "uid": "u1", "nudge": ["ReplicaSet/r"]],
                "rollback": ["quota": ["hard": ["pods": "10"]]],
                "execution": [
                    "attempt": "a1", "attempts": 2, "holder": "h", "startedAt": "2026-01-02T03:04:06Z", "stamp": "st",
                ],
                "followUps": ["f1"], "appliedAt": "2026-01-02T03:04:07Z", "recoveredAt": "2026-01-02T03:04:08Z",
                "completedAt": "2026-01-02T03:04:09Z",
            ],
        ]
        let action = try ActionObject(raw: raw)
        #expect(action.actionType == .deleteResourceQuota)
        #expect(action.phase == .applied)
        #expect(action.ttlMinutes == 45)
        #expect(action.spec.approval?.verified == true)
        #expect(action.spec.approval?.at != nil)
        #expect(action.spec.approvalState == .approved)
        #expect(action.spec.undoOf == "x")
        #expect(action.spec.followUpOf == "y")
        #expect(action.spec.diagnosis?.evidence == ["e1"])
        #expect(action.status.observedGeneration == 2)
        #expect(action.status.preview?.uid == "u1")
        #expect(action.status.preview?.nudge == ["ReplicaSet/r"])
        #expect(action.status.rollback?.quota?.hard?["pods"] == "10")
        #expect(action.status.execution?.attempts == 2)
        #expect(action.status.execution?.stamp == "st")
        #expect(action.status.followUps == ["f1"])
        #expect(action.status.appliedAt != nil && action.status.recoveredAt != nil && action.status.completedAt != nil)
        #expect(action.status.condition(.applied)?.reason == "ActionApplied")

        // Round trip through the status writer keeps spec untouched.
        let rewritten = try ActionObject(raw: try action.withStatus(action.status))
        #expect(rewritten == action || rewritten.status == action.status)
        #expect(rewritten.raw["spec"] == raw["spec"])
    }

    @Test func clipRemovesControlBytes() {
        #expect(ActionText.clip("a\u{1B}[31mb\u{0}c\nd\te") == "a[31mbc\nd\te")
        #expect(ActionText.clip(String(repeating: "x", count: 2000)).count == ActionText.maxMessage)
    }
}
