import Foundation

/// The parts of the outside world that configuration resolution reads: environment variables,
/// the home directory and the service-account mount. Injectable so tests resolve configuration
/// from temporary directories instead of the machine they run on.
public struct KubeConfigEnvironment: Sendable {
    /// Environment variables (KUBECONFIG, KUBERNETES_SERVICE_HOST/PORT, HTTPS_PROXY, NO_PROXY, PATH...).
    public var variables: [String: String]
    /// The user's home directory, where `.kube/config` lives.
    public var homeDirectory: String?
    /// Where the service-account token, CA and namespace are mounted in a pod.
    public var serviceAccountDirectory: String

    public static let defaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    public init(
        variables: [String: String], homeDirectory: String?,
        serviceAccountDirectory: String = KubeConfigEnvironment.defaultServiceAccountDirectory
    ) {
        self.variables = variables
        self.homeDirectory = homeDirectory
        self.serviceAccountDirectory = serviceAccountDirectory
    }

    /// The real process environment.
    public static var process: KubeConfigEnvironment {
        let variables = ProcessInfo.processInfo.environment
        let home = variables["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        return KubeConfigEnvironment(variables: variables, homeDirectory: home)
    }

    /// `~/.kube/config`, when a home directory is known.
    var defaultKubeconfigPath: String? {
        guard let homeDirectory, !homeDirectory.isEmpty else { return nil }
        return (homeDirectory as NSString).appendingPathComponent(".kube/config")
    }

    /// A non-empty variable, or nil.
    func value(_ name: String) -> String? {
        guard let text = variables[name], !text.isEmpty else { return nil }
        return text
    }
}
