import ClusterState
import KubeModels

/// Runs every analyzer, keeps one finding per (root, class), drops symptoms whose cause is
/// reported, and orders the result most severe first.
public struct Diagnoser: Sendable {
    public var analyzers: [any Analyzer]

    public static let defaultAnalyzers: [any Analyzer] = [
        QuotaExceededAnalyzer(), ImagePullFailureAnalyzer(), CrashLoopBackOffAnalyzer(), OOMKilledAnalyzer(),
        UnschedulableAnalyzer(), ConfigMissingAnalyzer(), MountFailureAnalyzer(), ProbeFailureAnalyzer(),
        StuckTerminatingAnalyzer(), RolloutStuckAnalyzer(), PVCPendingAnalyzer(), ServiceNoEndpointsAnalyzer(),
        ServicePortMismatchAnalyzer(), NodeNotReadyAnalyzer(), SandboxWorkloadDownAnalyzer(), SandboxDegradedAnalyzer(),
    ]

    public init(analyzers: [any Analyzer] = Diagnoser.defaultAnalyzers) {
        self.analyzers = analyzers
    }

    public func diagnose(_ context: AnalysisContext) -> DiagnosisReport {
        var unique: [String: Finding] = [:]
        for analyzer in analyzers {
            for finding in analyzer.analyze(context) {
                let key = "\(finding.class.rawValue)|\(finding.root)"
                if unique[key] == nil { unique[key] = finding }
            }
        }
        let findings = Self.withoutSymptoms(Array(unique.values))
        return DiagnosisReport(findings: findings.sorted(by: Self.order))
    }

    /// Drops findings that are symptoms of another reported finding.
    static func withoutSymptoms(_ findings: [Finding]) -> [Finding] {
        let roots = Set(findings.map(\.root))
        let classesByRoot = Dictionary(grouping: findings, by: \.root).mapValues { Set($0.map(\.class)) }
        return findings.filter { finding in
            if finding.symptomOf.contains(where: roots.contains) { return false }
            if finding.class == .rolloutStuck, (classesByRoot[finding.root]?.count ?? 0) > 1 { return false }
            return true
        }
    }

    static func order(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
        if lhs.class != rhs.class { return lhs.class < rhs.class }
        return lhs.root < rhs.root
    }
}
