import ClusterState
import Diagnosis
import Foundation
import KubeModels
import Testing

@Suite("endpoints")
struct EndpointsToolTests {
    static func cluster(targetPort: JSONValue = 8080, podPorts: [(String?, Int)] = [("http", 8080)], ready: Bool = true) throws -> ClusterState {
        var fixture = ToolFixture()
        fixture.service("api", namespace: "shop", selector: ["app": "api"], targetPort: targetPort)
        fixture.pod("api-1", namespace: "shop", labels: ["app": "api"], ready: ready, ports: podPorts, ip: "10.0.0.1")
        fixture.pod("api-2", namespace: "shop", labels: ["app": "api"], ready: ready, waiting: ready ? nil : "CrashLoopBackOff", ports: podPorts, ip: "10.0.0.2")
        fixture.endpointSlice("api", namespace: "shop", endpoints: [("10.0.0.1", ready, "api-1"), ("10.0.0.2", ready, "api-2")])
        fixture.service("manual", namespace: "shop", selector: nil)
        fixture.add(["apiVersion": "v1", "kind": "Service", "metadata": ["name": "db", "namespace": "shop"],
                     "spec": ["type": "ExternalName", "externalName": "db.example.com"]])
        return try fixture.state()
    }

    @Test func healthyServiceIsOK() throws {
        let result = try EndpointsTool.inspect(service: "api", namespace: "shop", in: Self.cluster())
        #expect(result.verdict == .ok)
        #expect(result.summary.contains("2 of 2 selected pods ready; 2 ready endpoint addresses"))
        #expect(result.ports.first?.exposed == true && result.ports.first?.exposingPods == 2)
        #expect(result.problems.isEmpty)
        #expect(result.renderText(style: .plain).contains("Service shop/api (ClusterIP): OK"))
    }

    @Test func numericTargetPortNotDeclaredIsAMismatch() throws {
        let result = try EndpointsTool.inspect(service: "api", namespace: "shop", in: Self.cluster(targetPort: 9090))
        #expect(result.verdict == .targetPortNotExposed)
        #expect(result.summary.contains("targetPort 9090") && result.summary.contains("http:8080"))
        #expect(result.ports.first?.exposed == false)
    }

    @Test func namedTargetPortMustBeANamedContainerPort() throws {
        #expect(try EndpointsTool.inspect(service: "api", namespace: "shop", in: Self.cluster(targetPort: "http")).verdict == .ok)
        let missing = try EndpointsTool.inspect(service: "api", namespace: "shop", in: Self.cluster(targetPort: "metrics"))
        #expect(missing.verdict == .targetPortNotExposed)
        #expect(missing.summary.contains("targetPort metrics"))
    }

    @Test func undeclaredPortsCannotBeVerifiedAndAreNotAMismatch() throws {
        let result = try EndpointsTool.inspect(service: "api", namespace: "shop", in: Self.cluster(targetPort: 9090, podPorts: []))
        #expect(result.verdict == .ok)
        #expect(result.ports.first?.exposed == nil)
        #expect(result.ports.first?.detail.contains("cannot be verified") == true)
    }

    @Test func matchingPodsThatAreNotReady() throws {
        let result = try EndpointsTool.inspect(service: "api", namespace: "shop", in: Self.cluster(ready: false))
        #expect(result.verdict == .noReadyPods)
        #expect(result.summary.contains("2 pods match selector app=api but none is Ready"))
        #expect(result.summary.contains("CrashLoopBackOff"))
        #expect(result.endpointSlices.first?.notReadyAddresses == ["10.0.0.1", "10.0.0.2"])
    }

    @Test func servicesWithoutSelectorAndExternalNames() throws {
        let state = try Self.cluster()
        #expect(try EndpointsTool.inspect(service: "manual", namespace: "shop", in: state).verdict == .noSelector)
        let external = try EndpointsTool.inspect(service: "db", namespace: nil, in: state)
        #expect(external.verdict == .noSelector && external.summary.contains("db.example.com"))
        #expect(throws: ToolError.self) { try EndpointsTool.inspect(service: "nope", namespace: "shop", in: state) }
    }

    @Test(.enabled(if: ToolScenarios.available, ToolScenarios.skipReason))
    func selectorMismatchScenarioNamesTheNearMiss() throws {
        let result = try EndpointsTool.inspect(service: "frontend", namespace: "store", in: ToolScenarios.state("service-selector-mismatch"))
        #expect(result.verdict == .noPodsMatchSelector)
        #expect(result.pods.isEmpty)
        let miss = try #require(result.nearMisses.first)
        #expect(miss.key == "app" && miss.wanted == "front-end" && miss.found == "frontend" && miss.pods == 2)
        #expect(miss.owners == [ResourceRef(kind: "Deployment", namespace: "store", name: "frontend")])
        #expect(result.summary.contains("matches selector app=front-end") && result.summary.contains("have app=frontend"))
        #expect(result.endpointSlices.first?.readyAddresses.isEmpty == true)
    }

    @Test(.enabled(if: ToolScenarios.available, ToolScenarios.skipReason))
    func scaledToZeroScenarioNamesTheWorkload() throws {
        let result = try EndpointsTool.inspect(service: "checkout", namespace: nil, in: ToolScenarios.state("scaled-to-zero"))
        #expect(result.verdict == .noPodsMatchSelector)
        #expect(result.workloads.contains { $0.ref.name == "checkout" && $0.desiredReplicas == 0 })
        #expect(result.summary.contains("Deployment/checkout matches but is scaled to 0"))
    }

    @Test(.enabled(if: ToolScenarios.available, ToolScenarios.skipReason))
    func probeFailingScenarioHasPodsButNoneReady() throws {
        let result = try EndpointsTool.inspect(service: "catalog", namespace: "catalog", in: ToolScenarios.state("readiness-probe-failing"))
        #expect(result.verdict == .noReadyPods)
        #expect(!result.pods.isEmpty && result.pods.allSatisfy { !$0.ready })
        #expect(result.summary.contains("Readiness probe failed: HTTP probe failed with statuscode: 503"))
    }

    @Test(.enabled(if: ToolScenarios.available, ToolScenarios.skipReason))
    func healthyScenarioServiceIsOK() throws {
        let result = try EndpointsTool.inspect(service: "web", namespace: "shop", in: ToolScenarios.state("healthy-with-history"))
        #expect(result.verdict == .ok)
        #expect(result.ports.allSatisfy { $0.exposed != false })
    }
}
