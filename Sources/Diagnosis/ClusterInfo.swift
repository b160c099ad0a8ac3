import Foundation
import KubeAPI
import KubeModels

/// What `kars-sre cluster-info` reports: where the API server is, whether it answers, its version,
/// which kars.azure.com kinds are installed, and who we are to it.
public struct ClusterInfo: Codable, Sendable {
    public var server: String
    public var origin: String
    public var reachable: Bool
    public var error: String?
    public var version: String?
    /// kars.azure.com kinds served, e.g. `KarsSandbox (karssandboxes.kars.azure.com/v1alpha1)`.
    public var karsKinds: [String]
    public var identity: Identity?

    /// Who the server says we are.
    public struct Identity: Codable, Sendable {
        public var username: String
        public var groups: [String]
        /// `SelfSubjectReview` (verified by the server), or `kubeconfig user` (older servers).
        public var source: String
        /// False when the name comes from the kubeconfig and the server could not confirm it.
        public var verified: Bool
        /// Extra note, e.g. the result of a SelfSubjectAccessReview on older servers.
        public var note: String?
    }

    /// Probes the server. Never throws for an unreachable cluster: that is reported in the result.
    public static func probe(client: KubeClient, config: KubeClientConfig, kubeconfigUser: String?) async -> ClusterInfo {
        var info = ClusterInfo(server: config.server, origin: config.origin.description, reachable: false, karsKinds: [])
        do {
            let version = try await client.serverVersion()
            info.reachable = true
            info.version = version.gitVersion
        } catch {
            info.error = String(describing: error)
            return info
        }
        info.karsKinds = (try? await client.apiResources(group: "kars.azure.com", version: "v1alpha1"))
            .map { $0.filter { !$0.isSubresource }.map { "\($0.kind) (\($0.name).\($0.group)/\($0.version))" }.sorted() } ?? []
        do {
            let user = try await client.selfSubjectReview()
            info.identity = Identity(username: user.username, groups: user.groups, source: "SelfSubjectReview", verified: true)
        } catch let error as KubeAPIError where error.isNotFound {
            // API servers before 1.28 have no SelfSubjectReview: fall back to what the kubeconfig says.
            let review = try? await client.accessReview(verb: "list", resource: .pods, namespace: config.namespace)
            let note = review.map {
                "SelfSubjectReview is not served (API server older than 1.28); this name is the kubeconfig's, not verified. "
                    + "SelfSubjectAccessReview: list pods in \(config.namespace) is \($0.allowed ? "allowed" : "denied")"
            }
            info.identity = Identity(
                username: kubeconfigUser ?? "unknown", groups: [], source: "kubeconfig user", verified: false, note: note)
        } catch {
            info.identity = nil
            info.error = "identity: \(error)"
        }
        return info
    }
}

extension ClusterInfo: TextRenderable {
    public func renderText(style: TextStyle) -> String {
        var lines = ["Kubernetes API:   \(server) (\(origin))"]
        guard reachable else {
            lines.append("Reachable:        " + style.paint("no", .bad))
            if let error { lines.append("Error:            \(TerminalText.clean(error))") }
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("Reachable:        " + style.paint("yes", .good))
        lines.append("Server version:   \(version ?? "unknown")")
        lines.append("kars.azure.com:   " + (karsKinds.isEmpty ? "no kinds installed" : karsKinds.joined(separator: ", ")))
        if let identity {
            let verified = identity.verified ? "" : " (unverified)"
            lines.append("Identity:         \(identity.username)\(verified) via \(identity.source)")
            if !identity.groups.isEmpty { lines.append("Groups:           \(identity.groups.joined(separator: ", "))") }
            if let note = identity.note { lines.append("Note:             \(note)") }
        } else if let error {
            lines.append("Identity:         unknown (\(TerminalText.clean(error)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
