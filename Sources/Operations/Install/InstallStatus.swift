import Foundation
import KubeAPI
import KubeModels
import Remediation

/// What `kars-sre status` reports: whether the CRD is installed and established, the Deployment's
/// ready replicas, who holds the Lease, the actions waiting for approval, and the kill switch.
public struct InstallStatus: Sendable, Codable, Equatable {
    public var crdInstalled: Bool
    public var crdEstablished: Bool
    public var deployment: String
    public var deploymentFound: Bool
    public var desiredReplicas: Int
    public var readyReplicas: Int
    /// The Lease holder; nil when nobody holds it (or no Lease yet).
    public var leader: String?
    /// Seconds since the leader last renewed.
    public var leaderRenewedSecondsAgo: Int?
    public var pendingActions: Int
    /// Every action by phase.
    public var actionsByPhase: [String: Int]
    public var paused: Bool

    /// Healthy: CRD established, Deployment fully ready, a leader renewing within its lease.
    public var healthy: Bool {
        crdEstablished && deploymentFound && readyReplicas >= desiredReplicas && desiredReplicas > 0 && leader != nil
    }

    /// Reads the status; missing pieces are reported as missing, not as errors.
    public static func read(
        client: KubeClient, namespace: String, deployment: String, leaseName: String, now: Date = Date()
    ) async throws -> InstallStatus {
        var status = InstallStatus(
            crdInstalled: false, crdEstablished: false, deployment: "\(namespace)/\(deployment)",
            deploymentFound: false,
            desiredReplicas: 0, readyReplicas: 0, leader: nil, leaderRenewedSecondsAgo: nil, pendingActions: 0,
            actionsByPhase: [:], paused: false)
        do {
            let crd = try await client.get(.customResourceDefinitions, name: "karssreactions.kars.azure.com")
            status.crdInstalled = true
            status.crdEstablished = (crd[path: "status", "conditions"]?.arrayValue ?? []).contains {
                $0["type"]?.stringValue == "Established" && $0["status"]?.stringValue == "True"
            }
        } catch let error as KubeAPIError where error.isNotFound {}
        do {
            let object = try await client.get(.deployments, name: deployment, namespace: namespace)
            status.deploymentFound = true
            status.desiredReplicas = Int(object[path: "spec", "replicas"]?.intValue ?? 1)
            status.readyReplicas = Int(object[path: "status", "readyReplicas"]?.intValue ?? 0)
        } catch let error as KubeAPIError where error.isNotFound {}
        do {
            let lease = try await client.get(.leases, name: leaseName, namespace: namespace)
            if let holder = lease[path: "spec", "holderIdentity"]?.stringValue, !holder.isEmpty {
                let renewed = lease[path: "spec", "renewTime"]?.stringValue.flatMap(KubeTime.parse)
                let duration = Double(lease[path: "spec", "leaseDurationSeconds"]?.intValue ?? 15)
                let age = renewed.map { now.timeIntervalSince($0) }
                // A lease not renewed within its duration has no live leader.
                if let age, age <= duration * 2 {
                    status.leader = holder
                    status.leaderRenewedSecondsAgo = max(0, Int(age.rounded()))
                }
            }
        } catch let error as KubeAPIError where error.isNotFound {}
        if status.crdInstalled {
            let actions = try await client.list(.karsSREActions, namespace: namespace)
            for raw in actions.items {
                guard let action = try? ActionObject(raw: raw) else { continue }
                status.actionsByPhase[action.phase.rawValue, default: 0] += 1
                if action.phase == .proposed { status.pendingActions += 1 }
            }
        }
        status.paused = (try? await KillSwitch(client: client, namespace: namespace).state().paused) ?? false
        return status
    }

    /// The text `kars-sre status` prints.
    public var text: String {
        var lines: [String] = []
        lines.append(
            "CRD karssreactions.kars.azure.com: \(crdInstalled ? (crdEstablished ? "installed, established" : "installed, not yet established") : "not installed")"
        )
        lines.append(
            "Deployment \(deployment): \(deploymentFound ? "\(readyReplicas)/\(desiredReplicas) ready" : "not found")")
        if let leader {
            lines.append("Leader: \(leader) (renewed \(leaderRenewedSecondsAgo ?? 0) s ago)")
        } else {
            lines.append("Leader: none")
        }
        let phases = actionsByPhase.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        lines.append("Pending actions: \(pendingActions)\(phases.isEmpty ? "" : " (all: \(phases))")")
        lines.append("Execution: \(paused ? "paused (kars-sre resume to continue)" : "enabled")")
        return lines.joined(separator: "\n")
    }
}
