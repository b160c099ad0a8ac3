import ClusterState
import KubeModels

/// `describe-state`: the kars.azure.com kinds installed with their counts and not-ready items,
/// and a workload-aware health table of KarsSandboxes (Healthy / Workload down / CR-Degraded).
public enum DescribeStateTool {
    /// The API group of the platform's kinds.
    public static let group = "kars.azure.com"
    /// Phases that mean an object is not ready, whatever its kind.
    static let failingPhases: Set<String> = ["Failed", "Error", "Degraded", "Unknown"]

    /// Summarises the state. `installedKinds` comes from discovery (kinds with no objects still
    /// listed); nil derives the kinds from the objects present (offline).
    public static func describe(_ state: ClusterState, installedKinds: [KarsKindInfo]? = nil) -> DescribeStateResult {
        let objects = state.objects.filter { groupOf($0.apiVersion) == group }
        var kinds = installedKinds ?? Set(objects.map(\.kind)).map { KarsKindInfo(kind: $0, plural: KindNames.plural(of: $0)) }
        kinds.sort { $0.kind < $1.kind }
        let sandboxes = state.karsSandboxes.map { health(of: $0, in: state) }
            .sorted { $0.sandbox < $1.sandbox }
        let sandboxProblems = Dictionary(sandboxes.map { ($0.sandbox, $0) }, uniquingKeysWith: { first, _ in first })
        let summaries = kinds.map { info -> KarsKindSummary in
            let ofKind = objects.filter { $0.kind == info.kind }
            let notReady = ofKind.compactMap { object -> NotReadyItem? in
                let ref = ResourceRef(ObjectKey(object))
                if info.kind == KarsSandbox.kind, let row = sandboxProblems[ref] {
                    return row.health == .healthy ? nil : NotReadyItem(ref: ref, reason: "\(row.health.label): \(row.reason)")
                }
                return notReadyReason(object).map { NotReadyItem(ref: ref, reason: $0) }
            }.sorted { $0.ref < $1.ref }
            return KarsKindSummary(kind: info.kind, plural: info.plural, count: ofKind.count, notReady: notReady)
        }
        return DescribeStateResult(
            group: group, kindsFrom: installedKinds == nil ? "objects" : "discovery", kinds: summaries, sandboxes: sandboxes)
    }

    /// Healthy when the CR is Running and its Deployment is available (`SandboxHealth.isAvailable`,
    /// shared with the analyzers: ≥ 1 available replica, Available not False); Workload down when the CR is
    /// Running but the Deployment is unavailable or missing; CR-Degraded on Degraded=True or a phase
    /// other than Running.
    public static func health(of sandbox: KarsSandbox, in state: ClusterState) -> SandboxHealthRow {
        let phase = sandbox.status?.phase
        let deploymentRef = ResourceRef(kind: "Deployment", namespace: sandbox.workloadNamespace, name: sandbox.workloadDeployment)
        let deployment = state.deployment(namespace: sandbox.workloadNamespace, name: sandbox.workloadDeployment)
        var row = SandboxHealthRow(
            sandbox: ResourceRef(ObjectKey(sandbox)), phase: phase, health: .healthy, deployment: deploymentRef,
            deploymentFound: deployment != nil,
            available: deployment.map { "\($0.availableReplicas)/\($0.desiredReplicas)" } ?? "-", reason: "")
        if let degraded = sandbox.status?.conditions?.condition("Degraded"), degraded.status == "True" {
            row.health = .crDegraded
            row.reason = "Degraded=True" + (degraded.reason.map { " (\($0))" } ?? "") + (degraded.message.map { ": \($0)" } ?? "")
            return row
        }
        guard phase == "Running" else {
            row.health = .crDegraded
            row.reason = "phase \(phase ?? "<none>")"
            return row
        }
        guard let deployment else {
            row.health = .workloadDown
            row.reason = "Deployment \(deploymentRef.namespace ?? "")/\(deploymentRef.name) not found"
            return row
        }
        let available = deployment.status?.conditions?.condition("Available")
        if SandboxHealth.isAvailable(deployment) {
            row.reason = "Deployment available"
            return row
        }
        row.health = .workloadDown
        var reason = "Deployment \(deployment.availableReplicas)/\(deployment.desiredReplicas) available"
        if deployment.desiredReplicas == 0 { reason += " (scaled to 0)" }
        if let available { reason += ", Available=\(available.status)" + (available.reason.map { " (\($0))" } ?? "") }
        row.reason = reason
        return row
    }

    /// A Ready condition other than True, Degraded=True, or a failing phase.
    static func notReadyReason(_ object: KubeObject) -> String? {
        let status = object.raw["status"]
        let conditions = (try? status?["conditions"]?.decode(as: [Condition].self)) ?? []
        if let degraded = conditions.condition("Degraded"), degraded.status == "True" {
            return "Degraded=True" + (degraded.reason.map { " (\($0))" } ?? "")
        }
        if let ready = conditions.condition("Ready"), ready.status != "True" {
            return "Ready=\(ready.status)" + (ready.reason.map { " (\($0))" } ?? "")
        }
        if let phase = status?["phase"]?.stringValue, failingPhases.contains(phase) {
            return "phase \(phase)" + (status?["message"]?.stringValue.map { ": \($0)" } ?? "")
        }
        return nil
    }

    static func groupOf(_ apiVersion: String) -> String {
        let parts = apiVersion.split(separator: "/")
        return parts.count == 2 ? String(parts[0]) : ""
    }
}
