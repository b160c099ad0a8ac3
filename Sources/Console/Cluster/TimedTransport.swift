import Foundation
import KubeAPI

/// Wraps the console's Kubernetes transport to record request latency into `/metrics`.
public struct TimedTransport: KubeTransport {
    let base: any KubeTransport
    let metrics: ConsoleMetrics

    public init(base: any KubeTransport, metrics: ConsoleMetrics) {
        self.base = base
        self.metrics = metrics
    }

    public var server: String { base.server }
    public var originDescription: String { base.originDescription }

    public func send(_ request: KubeRequest) async throws -> KubeResponse {
        let start = ContinuousClock.now
        defer { metrics.recordAPI(ContinuousClock.now - start) }
        return try await base.send(request)
    }

    public func stream(_ request: KubeRequest) async throws -> KubeStreamingResponse {
        let start = ContinuousClock.now
        defer { metrics.recordAPI(ContinuousClock.now - start) }
        return try await base.stream(request)
    }

    public func shutdown() async throws { try await base.shutdown() }
}
