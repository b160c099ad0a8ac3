import KubeModels
import Testing
import Watcher

@Suite("Watcher: names, scopes, reasons")
struct NamingTests {
    @Test(arguments: [
        ("web-7d9f8b6c5d-x2k4q", "web"), ("research-84dwh4l6hs", "research"), ("web-frontend", "web-frontend"),
        ("api-v2-6b7c9d5f4-zzxq2", "api-v2"), ("db-0", "db-0"), ("platform-hardening", "platform-hardening"),
    ])
    func normalizesGeneratedSuffixes(name: String, expected: String) {
        #expect(NameNormalizer.normalize(name) == expected)
    }

    @Test func defaultScope() {
        let scope = NamespaceScope()
        #expect(scope.contains("kars-research"))
        #expect(!scope.contains("kars-sre"))
        #expect(!scope.contains("kars-system"))
        #expect(!scope.contains("kube-system"))
        #expect(!scope.contains("default"))
        #expect(!scope.contains("shop"))
        #expect(scope.contains(nil))
        #expect(NamespaceScope.all.contains("kube-system"))
        #expect(NamespaceScope(include: ["team-?", "prod-*"], exclude: ["prod-legacy"]).contains("team-a"))
        #expect(!NamespaceScope(include: ["team-?", "prod-*"], exclude: ["prod-legacy"]).contains("prod-legacy"))
    }

    static func event(_ reason: String, type: String = "Warning", message: String = "") -> NormalizedEvent {
        NormalizedEvent(
            object: ObjectReference(kind: "Pod", namespace: "kars-a", name: "p"), namespace: "kars-a", name: "e",
            reason: reason, message: message, type: type, count: 1, firstSeen: nil, lastSeen: nil, source: "kubelet",
            api: "v1", uid: "u")
    }

    @Test func failureReasons() {
        for reason in ["FailedCreate", "BackOff", "Failed", "FailedScheduling", "FailedMount", "Unhealthy", "OOMKilling", "Evicted", "NodeNotReady"] {
            #expect(FailureReasons.isFailure(Self.event(reason)), "\(reason)")
        }
        #expect(FailureReasons.isFailure(Self.event("FailedSomethingNew")))
        #expect(!FailureReasons.isFailure(Self.event("Pulled", type: "Normal")))
        #expect(!FailureReasons.isFailure(Self.event("Scheduled", type: "Normal")))
        #expect(FailureReasons.isFailure(Self.event("ScalingReplicaSet", type: "Normal", message: "Scaled down replica set web-1 to 0 from 2")))
        #expect(!FailureReasons.isFailure(Self.event("ScalingReplicaSet", type: "Normal", message: "Scaled up replica set web-1 to 3")))
    }

    @Test("priming absorbs the first snapshot; the same event from the other API or a relist counts once")
    func deduplication() {
        var dedupe = EventDeduplicator()
        let old = Self.event("BackOff")
        var fresh = Self.event("BackOff")
        fresh.uid = "u2"
        #expect(dedupe.fresh(.snapshot(api: "v1", events: [old])).isEmpty)
        #expect(dedupe.fresh(.event(fresh)).count == 1)
        #expect(dedupe.fresh(.snapshot(api: "events.k8s.io/v1", events: [old, fresh])).isEmpty)
        #expect(dedupe.fresh(.event(fresh)).isEmpty)
        var again = fresh
        again.count = 2
        #expect(dedupe.fresh(.snapshot(api: "v1", events: [old, again])).count == 1)
    }
}
