import Foundation
import Testing

@testable import Agent

/// The tool policy: wildcards, priority, deny wins ties, no match denies, the shipped profile.
@Suite("Tool policy")
struct PolicyTests {
    let profile = try! PolicyProfile.parse("""
        version: "1.0"
        agent: test-agent
        policies:
          - name: readers
            type: capability
            allowed_actions: ["tool:logs:*", "tool:describe:deployment/*", "tool:diagnose:*"]
            denied_actions: []
            priority: 10
          - name: no-vault-logs
            type: capability
            allowed_actions: []
            denied_actions: ["tool:logs:vault-*"]
            priority: 20
          - name: tie-allow
            type: capability
            allowed_actions: ["tool:top:*"]
            priority: 5
          - name: tie-deny
            type: capability
            denied_actions: ["tool:top:nodes"]
            priority: 5
          - name: low-deny
            type: capability
            denied_actions: ["tool:describe:*"]
            priority: 1
        """)

    @Test("wildcards match any run of characters, also none")
    func wildcards() {
        #expect(PolicyEngine.matches("tool:logs:web-1", pattern: "tool:logs:*"))
        #expect(PolicyEngine.matches("tool:logs:", pattern: "tool:logs:*"))
        #expect(PolicyEngine.matches("tool:describe:deployment/web", pattern: "tool:*:deployment/*"))
        #expect(!PolicyEngine.matches("tool:logsx:web", pattern: "tool:logs:*"))
        #expect(!PolicyEngine.matches("tool:describe:svc/web", pattern: "tool:describe:deployment/*"))
        #expect(PolicyEngine.matches("a*b", pattern: "a*b"))
        #expect(PolicyEngine.matches("tool:x:aXbXc", pattern: "tool:x:*b*c"))
    }

    @Test("the highest-priority match decides")
    func priority() {
        let engine = PolicyEngine(profile: profile)
        let vault = engine.decide("tool:logs:vault-0")
        #expect(!vault.allowed)
        #expect(vault.policy == "no-vault-logs")
        #expect(vault.matches.count == 2)
        let web = engine.decide("tool:logs:web-0")
        #expect(web.allowed)
        #expect(web.policy == "readers")
        // The low-priority deny loses to the higher allow; with nothing higher it decides.
        #expect(engine.decide("tool:describe:deployment/web").allowed)
        let service = engine.decide("tool:describe:svc/web")
        #expect(!service.allowed)
        #expect(service.policy == "low-deny")
    }

    @Test("deny wins a tie at the same priority")
    func denyWinsTies() {
        let engine = PolicyEngine(profile: profile)
        let decision = engine.decide("tool:top:nodes")
        #expect(!decision.allowed)
        #expect(decision.policy == "tie-deny")
        #expect(decision.reason.contains("deny wins the tie"))
        #expect(engine.decide("tool:top:pods").allowed)
    }

    @Test("no match denies, and the trailing colon of an argument-less action matters")
    func noMatchDenies() {
        let engine = PolicyEngine(profile: profile)
        let decision = engine.decide("tool:cluster_info:")
        #expect(!decision.allowed)
        #expect(decision.policy == nil)
        #expect(decision.reason.contains("no match denies"))
        #expect(engine.decide("tool:diagnose:").allowed)
    }

    @Test("the action string is tool:<name>:<first significant argument>")
    func actionStrings() {
        #expect(ToolCatalog.describe.actionString(arguments: ["object": "deployment/web", "namespace": "shop"]) == "tool:describe:deployment/web")
        #expect(ToolCatalog.diagnose.actionString(arguments: [:]) == "tool:diagnose:")
        #expect(ToolCatalog.explain.actionString(arguments: ["text": "boom"]) == "tool:explain:")
        #expect(ToolCatalog.proposeFix.actionString(arguments: ["type": "DeletePod", "namespace": "a", "name": "b"]) == "tool:propose_fix:DeletePod")
        #expect(ToolCatalog.logs.actionString(arguments: ["pod": "web-1"]) == "tool:logs:web-1")
    }

    @Test("the shipped profile allows the read-only tools and propose_fix and nothing else")
    func defaultProfile() throws {
        let profile = try PolicyProfile.parse(DefaultPolicyProfile.yaml)
        let engine = PolicyEngine(profile: profile)
        for tool in ToolCatalog.readOnly {
            #expect(engine.decide("tool:\(tool.name):anything").allowed, "\(tool.name)")
            #expect(engine.decide("tool:\(tool.name):").allowed, "\(tool.name)")
        }
        #expect(engine.decide("tool:propose_fix:DeleteResourceQuota").allowed)
        #expect(!engine.decide("tool:propose_fix:DeleteNamespace").allowed)
        #expect(!engine.decide("tool:approve:deleteresourcequota-x").allowed)
        #expect(!engine.decide("tool:exec:web").allowed)
    }

    @Test("a malformed profile is refused with what is wrong")
    func invalidProfiles() {
        #expect(throws: PolicyError.self) { try PolicyProfile.parse("version: \"2.0\"\nagent: a\npolicies: []\n") }
        #expect(throws: PolicyError.self) { try PolicyProfile.parse("version: \"1.0\"\nagent: a\npolicies: [{name: x, type: magic}]\n") }
        #expect(throws: PolicyError.self) { try PolicyProfile.parse("version: \"1.0\"\nagent: a\npolicies: [{name: x, allowed_actions: [\"logs\"]}]\n") }
        #expect(throws: PolicyError.self) { try PolicyProfile.parse("not: [valid") }
        // JSON is accepted too.
        #expect(throws: Never.self) {
            try PolicyProfile.parse(#"{"version":"1.0","agent":"a","policies":[{"name":"p","type":"capability","allowed_actions":["tool:*"],"denied_actions":[],"priority":1}]}"#)
        }
    }

    @Test("kars-sre policy check explains a decision and exits 1 on deny")
    func policyCheckCommand() async throws {
        guard FileManager.default.isExecutableFile(atPath: BinaryRunner.binary) else {
            Issue.record("build kars-sre first: \(BinaryRunner.binary) is missing")
            return
        }
        let allowed = try await BinaryRunner.run(["policy", "check", "tool:describe:deployment/web"])
        #expect(allowed.status == 0)
        #expect(allowed.stdout.contains("ALLOW"))
        #expect(allowed.stdout.contains("read-only-diagnosis"))
        let denied = try await BinaryRunner.run(["policy", "check", "tool:approve:x", "-o", "json"])
        #expect(denied.status == 1)
        #expect(denied.stdout.contains("\"allowed\" : false"))
        #expect(denied.stdout.contains("never-approve-or-execute"))
    }
}
