import ClusterState
import Diagnosis
import Foundation
import KubeModels
import Testing

@Suite("top")
struct TopToolTests {
    static func cluster(withMetrics: Bool) throws -> ClusterState {
        var fixture = ToolFixture()
        fixture.node("worker-1", cpu: "4", memory: "8Gi")
        fixture.node("worker-2", ready: false, cpu: "2", memory: "4Gi")
        fixture.pod("api-1", namespace: "shop", labels: ["app": "api"], node: "worker-1",
                    requests: ["cpu": "500m", "memory": "256Mi"], limits: ["cpu": "1", "memory": "512Mi"])
        fixture.pod("batch-1", namespace: "jobs", labels: ["app": "batch"], node: "worker-1", requests: ["cpu": "1500m"])
        fixture.pod("bare-1", namespace: "shop", labels: ["app": "bare"], node: "worker-1")
        if withMetrics {
            fixture.podMetrics("api-1", namespace: "shop", containers: [("app", "250m", "128Mi"), ("sidecar", "10m", "32Mi")])
            fixture.podMetrics("batch-1", namespace: "jobs", containers: [("app", "1200m", "1Gi")])
            fixture.podMetrics("bare-1", namespace: "shop", containers: [("app", "5m", "10Mi")])
            fixture.nodeMetrics("worker-1", cpu: "2", memory: "6Gi")
        }
        return try fixture.state()
    }

    @Test func withoutMetricsItSaysSoInsteadOfFailing() throws {
        let state = try Self.cluster(withMetrics: false)
        let pods = TopTool.pods(in: state, metrics: .from(state))
        #expect(!pods.available && pods.pods.isEmpty)
        #expect(pods.message == "metrics.k8s.io is not available (metrics-server not installed?)")
        #expect(pods.renderText(style: .plain) == "metrics.k8s.io is not available (metrics-server not installed?)\n")
        let nodes = TopTool.nodes(in: state, metrics: .unavailable(reason: "the server could not find the requested resource"))
        #expect(!nodes.available && nodes.message?.hasPrefix("metrics.k8s.io is not available (metrics-server not installed?)") == true)
    }

    @Test func podUsageAgainstRequestsAndLimits() throws {
        let state = try Self.cluster(withMetrics: true)
        let result = TopTool.pods(in: state, metrics: .from(state), namespace: "shop")
        #expect(result.available)
        #expect(result.pods.map(\.name) == ["api-1", "bare-1"])
        let api = try #require(result.pods.first)
        #expect(api.cpu.usage == 260 && api.cpu.request == 500 && api.cpu.limit == 1000)
        #expect(api.cpu.percentOfRequest == 52 && api.cpu.percentOfLimit == 26)
        #expect(api.memory.usage == 160 * 1_048_576 && api.memory.percentOfRequest == 63 && api.memory.percentOfLimit == 31)
        let bare = try #require(result.pods.last)
        #expect(bare.cpu.request == nil && bare.cpu.percentOfRequest == nil)
        let text = result.renderText(style: .plain)
        #expect(text.contains("CPU(CORES)") && text.contains("260m") && text.contains("160Mi") && text.contains("52%"))
        #expect(!text.contains("NAMESPACE"), "one namespace: no namespace column")
    }

    @Test func podsSortByUsage() throws {
        let state = try Self.cluster(withMetrics: true)
        #expect(TopTool.pods(in: state, metrics: .from(state), sortBy: .cpu).pods.map(\.name) == ["batch-1", "api-1", "bare-1"])
        #expect(TopTool.pods(in: state, metrics: .from(state), sortBy: .memory).pods.first?.name == "batch-1")
    }

    @Test func nodeUsageAgainstAllocatableWithRequestedShare() throws {
        let state = try Self.cluster(withMetrics: true)
        let result = TopTool.nodes(in: state, metrics: .from(state))
        let worker1 = try #require(result.nodes.first { $0.name == "worker-1" })
        #expect(worker1.measured && worker1.cpuMillis == 2000 && worker1.cpuPercent == 50 && worker1.memoryPercent == 75)
        #expect(worker1.requestedCPUMillis == 2000 && worker1.requestedCPUPercent == 50)
        #expect(worker1.requestedMemoryBytes == 256 * 1_048_576)
        let worker2 = try #require(result.nodes.first { $0.name == "worker-2" })
        #expect(!worker2.measured && !worker2.ready)
        #expect(result.renderText(style: .plain).contains("<unknown>"))
    }

    @Test(.enabled(if: ToolScenarios.available, ToolScenarios.skipReason))
    func scenariosHaveNoMetricsAndSaySo() throws {
        let state = try ToolScenarios.state("unschedulable-memory")
        let result = TopTool.nodes(in: state, metrics: .from(state))
        #expect(!result.available)
        #expect(result.message == MetricsSnapshot.unavailableMessage)
    }
}
