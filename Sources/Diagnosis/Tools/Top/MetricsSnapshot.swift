import ClusterState
import Foundation
import KubeModels

/// The metrics.k8s.io objects available to `top`: PodMetrics and NodeMetrics, or the fact that
/// the API is not served (metrics-server missing), which `top` reports instead of failing.
public enum MetricsSnapshot: Sendable {
    case unavailable(reason: String?)
    case available([KubeObject])

    /// The metrics objects found in the state (group metrics.k8s.io); unavailable when none.
    public static func from(_ state: ClusterState) -> MetricsSnapshot {
        let objects = state.objects.filter { $0.apiVersion.hasPrefix("metrics.k8s.io/") }
        return objects.isEmpty ? .unavailable(reason: nil) : .available(objects)
    }

    /// The message shown when metrics are not available.
    public static let unavailableMessage = "metrics.k8s.io is not available (metrics-server not installed?)"

    var objects: [KubeObject]? {
        if case .available(let objects) = self { return objects }
        return nil
    }

    var unavailableReason: String? {
        if case .unavailable(let reason) = self { return reason }
        return nil
    }
}

/// CPU in millicores and memory in bytes, as measured or requested.
struct CPUMemory: Sendable {
    var cpuMillis: Int64 = 0
    var memoryBytes: Int64 = 0

    static func + (lhs: CPUMemory, rhs: CPUMemory) -> CPUMemory {
        CPUMemory(cpuMillis: lhs.cpuMillis + rhs.cpuMillis, memoryBytes: lhs.memoryBytes + rhs.memoryBytes)
    }

    /// Reads `{cpu: "250m", memory: "128Mi"}`; unparsable values count as absent.
    init(cpuMillis: Int64 = 0, memoryBytes: Int64 = 0) {
        self.cpuMillis = cpuMillis
        self.memoryBytes = memoryBytes
    }

    init?(usage: JSONValue?) {
        guard let usage else { return nil }
        let cpu = usage["cpu"]?.stringValue.flatMap { try? Quantity($0) }
        let memory = usage["memory"]?.stringValue.flatMap { try? Quantity($0) }
        guard cpu != nil || memory != nil else { return nil }
        cpuMillis = cpu?.milliValue ?? 0
        memoryBytes = memory.map(Self.bytes) ?? 0
    }

    static func bytes(_ quantity: Quantity) -> Int64 {
        var value = quantity.value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .up)
        return NSDecimalNumber(decimal: rounded).int64Value
    }
}
