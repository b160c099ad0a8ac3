import Foundation

/// The configuration of a pod talking to its own cluster: `KUBERNETES_SERVICE_HOST`/`PORT`, the
/// mounted service-account token (re-read as kubelet rotates it), CA and namespace. This is how
/// kars-sre runs in production.
public struct InClusterConfig: Sendable {
    public var environment: KubeConfigEnvironment

    public init(environment: KubeConfigEnvironment = .process) {
        self.environment = environment
    }

    private var directory: String { environment.serviceAccountDirectory }
    private var tokenPath: String { (directory as NSString).appendingPathComponent("token") }
    private var caPath: String { (directory as NSString).appendingPathComponent("ca.crt") }
    private var namespacePath: String { (directory as NSString).appendingPathComponent("namespace") }

    /// True when the environment and the mounted token say we run in a pod.
    public var isAvailable: Bool {
        environment.value("KUBERNETES_SERVICE_HOST") != nil && environment.value("KUBERNETES_SERVICE_PORT") != nil
            && FileManager.default.fileExists(atPath: tokenPath)
    }

    /// Why in-cluster configuration does not apply (for the "no configuration" message).
    var whyNotAvailable: String {
        if environment.value("KUBERNETES_SERVICE_HOST") == nil || environment.value("KUBERNETES_SERVICE_PORT") == nil {
            return "in-cluster config (KUBERNETES_SERVICE_HOST/PORT not set)"
        }
        return "in-cluster config (no token at \(tokenPath))"
    }

    /// The in-cluster configuration, or nil when not running in a pod.
    public func resolve(namespace override: String? = nil) throws -> KubeClientConfig? {
        guard isAvailable, let host = environment.value("KUBERNETES_SERVICE_HOST"),
            let port = environment.value("KUBERNETES_SERVICE_PORT")
        else { return nil }
        guard FileManager.default.isReadableFile(atPath: tokenPath) else {
            throw KubeConfigError.inCluster(reason: "token file \(tokenPath) is not readable")
        }
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let ca = FileManager.default.contents(atPath: caPath)
        let fileNamespace = (try? String(contentsOfFile: namespacePath, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let namespace = [override, fileNamespace].compactMap { $0 }.first { !$0.isEmpty } ?? "default"
        return KubeClientConfig(
            server: "https://\(hostPart):\(port)",
            namespace: namespace,
            tls: TLSSettings(certificateAuthorityPEM: ca),
            credentials: .tokenFile(path: tokenPath),
            origin: .inCluster(serviceAccountDirectory: directory),
            environment: environment.variables
        )
    }
}
