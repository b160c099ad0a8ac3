import ClusterState
import Diagnosis
import KubeModels
import Testing

private func diagnose(_ fixture: ClusterFixture, lookbackMinutes: Double = 60, namespaces: Set<String>? = nil) throws -> [Finding] {
    let context = AnalysisContext(state: try fixture.state(), lookback: lookbackMinutes * 60, namespaces: namespaces)
    return Diagnoser().diagnose(context).findings
}

private let quotaMessage = #"Error creating: pods "api-abc12-x1" is forbidden: exceeded quota: mem-cap, requested: requests.memory=512Mi, used: requests.memory=100Mi, limited: requests.memory=256Mi"#

@Suite("Quota analyzer")
struct QuotaExceededTests {
    @Test("a blocked ReplicaSet is a QuotaExceeded on its Deployment with a DeleteResourceQuota")
    func positive() throws {
        var fixture = ClusterFixture()
        fixture.deployment("api", namespace: "team-a", replicas: 2, available: 0, revisions: [("abc12", "api:1", 2, 0)])
        fixture.quota("mem-cap", namespace: "team-a", memory: "256Mi")
        fixture.event(kind: "ReplicaSet", name: "api-abc12", namespace: "team-a", reason: "FailedCreate", message: quotaMessage, count: 7)
        let findings = try diagnose(fixture)
        let finding = try #require(findings.first { $0.class == .quotaExceeded })
        #expect(finding.kind == "Deployment" && finding.name == "api" && finding.namespace == "team-a")
        #expect(finding.severity == .critical)
        #expect(finding.summary.contains("quota mem-cap caps requests.memory at 256Mi, pod requests 512Mi"))
        #expect(finding.summary.contains("0/2 available"))
        #expect(finding.action == .deleteResourceQuota(namespace: "team-a", name: "mem-cap"))
        #expect(finding.evidence.contains { $0.contains("FailedCreate x7") })
    }

    @Test("a controller-managed quota is reported but its deletion is withheld")
    func managedQuota() throws {
        var fixture = ClusterFixture()
        fixture.deployment("api", namespace: "team-a", available: 0, revisions: [("abc12", "api:1", 1, 0)])
        fixture.quota("mem-cap", namespace: "team-a", memory: "256Mi", labels: ["kars.azure.com/managed-by": "controller"])
        fixture.event(kind: "ReplicaSet", name: "api-abc12", namespace: "team-a", reason: "FailedCreate", message: quotaMessage)
        let finding = try #require(try diagnose(fixture).first { $0.class == .quotaExceeded })
        #expect(finding.action == nil)
        #expect(finding.actionWithheld?.contains("managed-by=controller") == true)
    }

    @Test("a quota in a protected namespace is never deleted")
    func protectedNamespace() throws {
        var fixture = ClusterFixture()
        fixture.deployment("dns", namespace: "kube-system", available: 0, revisions: [("abc12", "dns:1", 1, 0)])
        fixture.quota("mem-cap", namespace: "kube-system", memory: "256Mi")
        fixture.event(kind: "ReplicaSet", name: "dns-abc12", namespace: "kube-system", reason: "FailedCreate", message: quotaMessage)
        let finding = try #require(try diagnose(fixture).first { $0.class == .quotaExceeded })
        #expect(finding.action == nil)
        #expect(finding.actionWithheld?.contains("protected") == true)
    }

    @Test("old quota events on a workload that is whole again are history, not a finding")
    func historyOnly() throws {
        var fixture = ClusterFixture()
        fixture.deployment("api", namespace: "team-a", replicas: 2, available: 2, revisions: [("abc12", "api:1", 2, 2)])
        fixture.event(kind: "ReplicaSet", name: "api-abc12", namespace: "team-a", reason: "FailedCreate", message: quotaMessage, minutesAgo: 5)
        #expect(try diagnose(fixture).isEmpty, "healthy now: no finding whatever the events say")
        var stale = ClusterFixture()
        stale.deployment("api", namespace: "team-a", replicas: 2, available: 0, revisions: [("abc12", "api:1", 2, 0)])
        stale.event(kind: "ReplicaSet", name: "api-abc12", namespace: "team-a", reason: "FailedCreate", message: quotaMessage, minutesAgo: 120)
        #expect(try !diagnose(stale).contains { $0.class == .quotaExceeded }, "events outside the look-back are not evidence")
    }
}

@Suite("Image pull analyzer")
struct ImagePullFailureTests {
    func fixture(message: String, image: String = "nginx:1.25.33", neighbour: String = "nginx:1.25.3") -> ClusterFixture {
        var fixture = ClusterFixture()
        fixture.deployment(
            "web", namespace: "shop", replicas: 2, available: 1, image: image,
            revisions: [("old11", neighbour, 1, 1), ("new22", image, 1, 0)],
            pods: [
                ("old11", ClusterFixture.running(name: "web"), nil),
                ("new22", ClusterFixture.waiting("ImagePullBackOff", message: "Back-off pulling image \"\(image)\"", name: "web"), nil),
            ])
        fixture.event(kind: "Pod", name: "web-new22-p1", namespace: "shop", reason: "Failed", message: message, count: 4)
        return fixture
    }

    @Test("an image that does not exist next to a close one in use gives PatchDeploymentImage")
    func typo() throws {
        let finding = try #require(try diagnose(fixture(message: #"Failed to pull image "nginx:1.25.33": rpc error: code = NotFound desc = failed to resolve reference "docker.io/library/nginx:1.25.33": not found"#)).first)
        #expect(finding.class == .imagePullFailure && finding.kind == "Deployment" && finding.name == "web")
        #expect(finding.severity == .warning, "one of two replicas still serves")
        #expect(finding.action == .patchDeploymentImage(namespace: "shop", name: "web", container: "web", image: "nginx:1.25.3"))
    }

    @Test(
        "credential and transient pull errors never propose an image change",
        arguments: [
            #"Failed to pull image "ghcr.io/acme/api:1.2": failed to authorize: failed to fetch anonymous token: 401 Unauthorized"#,
            #"Failed to pull image "nginx:1.25.33": Error response from daemon: Get https://registry-1.docker.io/v2/: no basic auth credentials"#,
            #"Failed to pull image "nginx:1.25.33": rpc error: code = Unknown desc = 403 Forbidden"#,
            #"Failed to pull image "nginx:1.25.33": dial tcp 10.0.0.1:443: i/o timeout"#,
            #"Failed to pull image "nginx:1.25.33": toomanyrequests: You have reached your pull rate limit"#,
            #"Failed to pull image "nginx:1.25.33": net/http: TLS handshake timeout"#,
        ])
    func refused(message: String) throws {
        let finding = try #require(try diagnose(fixture(message: message)).first)
        #expect(finding.class == .imagePullFailure)
        #expect(finding.action == nil)
        #expect(finding.actionWithheld != nil)
    }

    @Test("docker hub's 'repository does not exist' counts as not found")
    func dockerHubMissing() throws {
        let finding = try #require(try diagnose(fixture(message: #"Failed to pull image "nginx:1.25.33": pull access denied for nginx, repository does not exist or may require 'docker login'"#)).first)
        #expect(finding.action?.image == "nginx:1.25.3")
    }

    @Test("no image within distance 3 means no action")
    func noNeighbour() throws {
        let finding = try #require(try diagnose(fixture(message: "Failed to pull image: not found", image: "nginx:9.9.9-alpine", neighbour: "redis:7.4.1")).first)
        #expect(finding.action == nil)
        #expect(finding.actionWithheld?.contains("edit distance 3") == true)
    }
}

@Suite("Crash loop analyzer")
struct CrashLoopTests {
    let crash: JSONValue = ClusterFixture.waiting(
        "CrashLoopBackOff", name: "api", restarts: 6,
        lastTerminated: ["exitCode": 1, "reason": "Error", "message": "panic: missing config"])

    @Test("crashing pods of the newest ReplicaSet roll back to the previous image")
    func afterRollout() throws {
        var fixture = ClusterFixture()
        fixture.deployment(
            "api", namespace: "pay", replicas: 2, available: 1, image: "acme/api:2.0.0",
            revisions: [("old11", "acme/api:1.9.4", 1, 1), ("new22", "acme/api:2.0.0", 1, 0)],
            pods: [("old11", ClusterFixture.running(name: "api"), nil), ("new22", crash, nil)])
        let finding = try #require(try diagnose(fixture).first)
        #expect(finding.class == .crashLoopBackOff)
        #expect(finding.summary.contains("6 restarts") && finding.summary.contains("exit code 1"))
        #expect(finding.action == .patchDeploymentImage(namespace: "pay", name: "api", container: "api", image: "acme/api:1.9.4"))
    }

    @Test("a finished rollout whose old ReplicaSet was scaled down still rolls back to it")
    func afterCompletedRollout() throws {
        var fixture = ClusterFixture()
        fixture.deployment(
            "api", namespace: "pay", replicas: 2, available: 0, image: "acme/api:2.0.0",
            revisions: [("old11", "acme/api:1.9.4", 0, 0), ("new22", "acme/api:2.0.0", 2, 0)],
            pods: [("new22", crash, nil)])
        fixture.event(kind: "Deployment", name: "api", namespace: "pay", reason: "ScalingReplicaSet",
                      message: "Scaled down replica set api-old11 to 0 from 2", type: "Normal", minutesAgo: 20)
        let finding = try #require(try diagnose(fixture).first)
        #expect(finding.action?.image == "acme/api:1.9.4")
    }

    @Test("a crash without a rollout gets no action")
    func noRollout() throws {
        var fixture = ClusterFixture()
        fixture.deployment("api", namespace: "pay", available: 0, revisions: [("only1", "acme/api:2.0.0", 1, 0)], pods: [("only1", crash, nil)])
        let finding = try #require(try diagnose(fixture).first)
        #expect(finding.class == .crashLoopBackOff && finding.severity == .critical)
        #expect(finding.action == nil && finding.actionWithheld != nil)
    }

    @Test("OOM kills are OOMKilled, not CrashLoopBackOff")
    func oom() throws {
        var fixture = ClusterFixture()
        let oom = ClusterFixture.waiting(
            "CrashLoopBackOff", name: "api", restarts: 4, lastTerminated: ["exitCode": 137, "reason": "OOMKilled"])
        fixture.deployment("api", namespace: "pay", available: 0, revisions: [("only1", "acme/api:2.0.0", 1, 0)], pods: [("only1", oom, nil)])
        let findings = try diagnose(fixture)
        #expect(findings.map(\.class) == [.oomKilled])
        #expect(findings.first?.action == nil)
    }

    @Test("a container that recovered long ago is not a finding")
    func recovered() throws {
        var fixture = ClusterFixture()
        let healthy: JSONValue = [
            "phase": "Running", "conditions": [["type": "Ready", "status": "True"]],
            "containerStatuses": [["name": "api", "ready": true, "restartCount": 5,
                                   "state": ["running": ["startedAt": .string(ClusterFixture.time(minutesAgo: 600))]],
                                   "lastState": ["terminated": ["exitCode": 137, "reason": "OOMKilled",
                                                                "finishedAt": .string(ClusterFixture.time(minutesAgo: 601))]]]],
        ]
        fixture.deployment("api", namespace: "pay", available: 1, revisions: [("only1", "acme/api:2.0.0", 1, 1)], pods: [("only1", healthy, nil)])
        #expect(try diagnose(fixture).isEmpty)
    }
}

@Suite("Service analyzers")
struct ServiceAnalyzerTests {
    @Test("a selector that matches nothing names the near miss")
    func selectorMismatch() throws {
        var fixture = ClusterFixture()
        fixture.deployment("front", namespace: "store", revisions: [("aaa11", "front:1", 1, 1)], pods: [("aaa11", ClusterFixture.running(name: "front"), nil)])
        fixture.service("front", namespace: "store", selector: ["app": "frontend"])
        let finding = try #require(try diagnose(fixture).first)
        #expect(finding.class == .serviceNoEndpoints && finding.kind == "Service")
        #expect(finding.action == nil)
        #expect(finding.evidence.contains { $0.contains("labelled app=front") })
    }

    @Test("a Deployment scaled to zero is scaled back to its previous count")
    func scaledToZero() throws {
        var fixture = ClusterFixture()
        fixture.deployment("checkout", namespace: "shop", replicas: 0, available: 0, revisions: [("aaa11", "c:1", 0, 0)])
        fixture.service("checkout", namespace: "shop", selector: ["app": "checkout"])
        fixture.event(kind: "Deployment", name: "checkout", namespace: "shop", reason: "ScalingReplicaSet",
                      message: "Scaled down replica set checkout-aaa11 to 0 from 3", type: "Normal", minutesAgo: 200)
        let finding = try #require(try diagnose(fixture).first)
        #expect(finding.action == .scaleDeployment(namespace: "shop", name: "checkout", replicas: 3))
        var noEvent = ClusterFixture()
        noEvent.deployment("checkout", namespace: "shop", replicas: 0, available: 0, revisions: [("aaa11", "c:1", 0, 0)])
        noEvent.service("checkout", namespace: "shop", selector: ["app": "checkout"])
        #expect(try diagnose(noEvent).first?.action?.replicas == 1)
    }

    @Test("replicas are clamped to 50")
    func clamp() {
        #expect(ProposedAction.scaleDeployment(namespace: "a", name: "b", replicas: 400).replicas == 50)
        #expect(ProposedAction.scaleDeployment(namespace: "a", name: "b", replicas: -2).replicas == 0)
    }

    @Test("a Service whose pods crash is a symptom, not a second finding")
    func symptom() throws {
        var fixture = ClusterFixture()
        fixture.deployment(
            "api", namespace: "pay", available: 0, revisions: [("only1", "acme/api:2", 1, 0)],
            pods: [("only1", ClusterFixture.waiting("CrashLoopBackOff", name: "api", restarts: 3, lastTerminated: ["exitCode": 2, "reason": "Error"]), nil)])
        fixture.service("api", namespace: "pay", selector: ["app": "api"])
        #expect(try diagnose(fixture).map(\.class) == [.crashLoopBackOff])
    }

    @Test("a targetPort the pods do not expose is a ServicePortMismatch")
    func portMismatch() throws {
        var fixture = ClusterFixture()
        fixture.deployment("web", namespace: "shop", ports: [80], revisions: [("aaa11", "nginx:1", 1, 1)], pods: [("aaa11", ClusterFixture.running(name: "web"), nil)])
        fixture.service("web", namespace: "shop", selector: ["app": "web"], targetPort: 8080)
        fixture.service("named", namespace: "shop", selector: ["app": "web"], targetPort: "metrics")
        fixture.service("ok", namespace: "shop", selector: ["app": "web"], targetPort: 80)
        let findings = try diagnose(fixture)
        #expect(Set(findings.map(\.name)) == ["web", "named"])
        #expect(findings.allSatisfy { $0.class == .servicePortMismatch })
    }
}

@Suite("Node and termination analyzers")
struct NodeAnalyzerTests {
    @Test("a lost node and the pod stuck terminating on it")
    func nodeLost() throws {
        var fixture = ClusterFixture()
        fixture.node("node-1", ready: "Unknown", reason: "NodeStatusUnknown")
        fixture.deployment(
            "db", namespace: "data", available: 0, revisions: [("aaa11", "postgres:16", 1, 0)],
            pods: [("aaa11", ClusterFixture.running(ready: false, name: "db"), ClusterFixture.time(minutesAgo: 9))])
        fixture.event(kind: "Node", name: "node-1", namespace: nil, reason: "NodeNotReady", message: "Node node-1 status is now: NodeNotReady")
        let findings = try diagnose(fixture)
        let node = try #require(findings.first { $0.class == .nodeNotReady })
        #expect(node.namespace == nil && node.name == "node-1")
        #expect(node.evidence.contains { $0.contains("status is now: NodeNotReady") })
        let stuck = try #require(findings.first { $0.class == .stuckTerminating })
        #expect(stuck.kind == "Deployment" && stuck.name == "db")
        #expect(stuck.action == .deletePod(namespace: "data", name: "db-aaa11-p0"))
    }

    @Test("a pod within its grace period is not stuck")
    func graceful() throws {
        var fixture = ClusterFixture()
        fixture.deployment(
            "db", namespace: "data", revisions: [("aaa11", "postgres:16", 1, 1)],
            pods: [("aaa11", ClusterFixture.running(name: "db"), ClusterFixture.time(minutesAgo: 0.2))])
        #expect(try diagnose(fixture).isEmpty)
    }
}

@Suite("Scheduling, config, probes and scope")
struct OtherAnalyzerTests {
    @Test("pods waiting for a Pending claim are a symptom of PVCPending")
    func unboundClaim() throws {
        var fixture = ClusterFixture()
        let pending: JSONValue = ["phase": "Pending", "conditions": [["type": "PodScheduled", "status": "False", "reason": "Unschedulable"]]]
        fixture.deployment("q", namespace: "mq", replicas: 1, available: 0, revisions: [("aaa11", "rabbit:3", 1, 0)], pods: [("aaa11", pending, nil)])
        fixture.objects[fixture.objects.count - 1]["spec"]?["nodeName"] = nil
        fixture.objects[fixture.objects.count - 1]["spec"]?["volumes"] = [["name": "data", "persistentVolumeClaim": ["claimName": "data-q"]]]
        fixture.add([
            "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": ["name": "data-q", "namespace": "mq", "uid": "pvc-1"],
            "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "10Gi"]]], "status": ["phase": "Pending"],
        ])
        fixture.event(kind: "PersistentVolumeClaim", name: "data-q", namespace: "mq", reason: "FailedBinding",
                      message: "no persistent volumes available for this claim and no storage class is set", count: 30)
        fixture.event(kind: "Pod", name: "q-aaa11-p0", namespace: "mq", reason: "FailedScheduling",
                      message: "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.")
        let findings = try diagnose(fixture)
        #expect(findings.map(\.class) == [.pvcPending])
        #expect(findings.first?.summary.contains("no storage class") == true)
    }

    @Test("FailedScheduling pods are Unschedulable with the scheduler's words")
    func unschedulable() throws {
        var fixture = ClusterFixture()
        let pending: JSONValue = ["phase": "Pending", "conditions": [["type": "PodScheduled", "status": "False", "reason": "Unschedulable"]]]
        fixture.deployment("ml", namespace: "ml", replicas: 1, available: 0, revisions: [("aaa11", "t:1", 1, 0)], pods: [("aaa11", pending, nil)])
        fixture.objects[fixture.objects.count - 1]["spec"]?["nodeName"] = nil
        fixture.event(kind: "Pod", name: "ml-aaa11-p0", namespace: "ml", reason: "FailedScheduling",
                      message: "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.")
        let finding = try #require(try diagnose(fixture).first)
        #expect(finding.class == .unschedulable)
        #expect(finding.summary.contains("3 Insufficient memory"))
        #expect(!finding.summary.contains("preemption"))
    }

    @Test("CreateContainerConfigError is ConfigMissing")
    func configMissing() throws {
        var fixture = ClusterFixture()
        fixture.deployment("inv", namespace: "bill", available: 0, revisions: [("aaa11", "b:1", 1, 0)],
                           pods: [("aaa11", ClusterFixture.waiting("CreateContainerConfigError", message: #"configmap "app-config" not found"#, name: "inv"), nil)])
        let finding = try #require(try diagnose(fixture).first)
        #expect(finding.class == .configMissing)
        #expect(finding.summary.contains(#"configmap "app-config" not found"#))
    }

    @Test("running but never ready with Unhealthy events is ProbeFailure, from either event API")
    func probe() throws {
        for api in ["v1", "events.k8s.io/v1"] {
            var fixture = ClusterFixture()
            fixture.deployment("cat", namespace: "cat", available: 0, revisions: [("aaa11", "c:1", 1, 0)],
                               pods: [("aaa11", ClusterFixture.running(ready: false, name: "cat"), nil)])
            fixture.event(kind: "Pod", name: "cat-aaa11-p0", namespace: "cat", reason: "Unhealthy",
                          message: "Readiness probe failed: HTTP probe failed with statuscode: 503", count: 40, api: api)
            let finding = try #require(try diagnose(fixture).first, "api \(api)")
            #expect(finding.class == .probeFailure)
            #expect(finding.summary.contains("40 failures"))
        }
    }

    @Test("-n restricts findings to that namespace")
    func scope() throws {
        var fixture = ClusterFixture()
        fixture.deployment("a", namespace: "one", available: 0, revisions: [("aaa11", "x:1", 1, 0)],
                           pods: [("aaa11", ClusterFixture.waiting("CreateContainerConfigError", name: "a"), nil)])
        fixture.deployment("b", namespace: "two", available: 0, revisions: [("bbb11", "x:1", 1, 0)],
                           pods: [("bbb11", ClusterFixture.waiting("CreateContainerConfigError", name: "b"), nil)])
        #expect(try diagnose(fixture, namespaces: ["two"]).map(\.name) == ["b"])
        #expect(try diagnose(fixture).count == 2)
    }
}
