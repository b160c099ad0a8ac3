import ClusterState
import KubeModels

/// `ProbeFailure`: containers run but never become ready (or are restarted) because their
/// readiness or liveness probe fails (`Unhealthy` events).
public struct ProbeFailureAnalyzer: Analyzer {
    public let findingClass = FindingClass.probeFailure

    public init() {}

    public func analyze(_ context: AnalysisContext) -> [Finding] {
        var byRoot: [ObjectKey: [(pod: Pod, event: NormalizedEvent)]] = [:]
        for pod in context.state.pods where context.inScope(pod.namespace) && pod.metadata.deletionTimestamp == nil {
            guard pod.status?.phase == "Running", !pod.isReady else { continue }
            let statuses = pod.status?.containerStatuses ?? []
            let runningNotReady = statuses.contains { $0.state?.running != nil && $0.ready != true }
            guard runningNotReady, !statuses.contains(where: { $0.state?.waiting?.reason == "CrashLoopBackOff" }),
                let event = context.recentEvents(for: pod, reasons: ["Unhealthy"]).first
            else { continue }
            byRoot[context.root(of: pod), default: []].append((pod, event))
        }
        return byRoot.map { root, entries in
            let first = entries[0]
            let probe = first.event.plainMessage.split(separator: " ").first.map(String.init) ?? "Probe"
            let total = entries.reduce(0) { $0 + $1.event.count }
            var summary = "\(entries.count) pod\(entries.count == 1 ? "" : "s") running but not ready: "
                + "\(probe.lowercased()) probe failing (\(total) failures): \(TerminalText.clean(first.event.plainMessage, limit: 200))"
            if let availability = context.availabilityText(of: root) { summary += "; \(availability)" }
            var evidence = entries.prefix(5).map { context.evidence($0.event) }
            if let probeSpec = Self.probeDescription(first.pod, kind: probe) { evidence.append(probeSpec) }
            return Finding(
                class: .probeFailure, severity: context.severity(forWorkload: root), root: root, summary: summary,
                evidence: evidence,
                actionWithheld: "no typed action changes probes: check the application's health endpoint "
                    + "(`kars-sre logs`), or fix the probe's path, port or thresholds")
        }
    }

    static func probeDescription(_ pod: Pod, kind: String) -> String? {
        for container in pod.spec?.containers ?? [] {
            let probe = kind == "Liveness" ? container.livenessProbe : container.readinessProbe
            guard let probe else { continue }
            if let http = probe["httpGet"] {
                return "Container \(container.name) \(kind.lowercased()) probe: GET \(http["path"]?.stringValue ?? "/") on port "
                    + "\(http["port"]?.stringValue ?? http["port"]?.intValue.map { String($0) } ?? "?")"
            }
            if let tcp = probe["tcpSocket"] {
                return "Container \(container.name) \(kind.lowercased()) probe: TCP port \(tcp["port"]?.stringValue ?? tcp["port"]?.intValue.map { String($0) } ?? "?")"
            }
        }
        return nil
    }
}
