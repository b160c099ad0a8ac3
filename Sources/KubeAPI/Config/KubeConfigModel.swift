import Foundation

/// Where a kubeconfig entry was defined: relative paths in it resolve against `directory`, and
/// errors about it name `file` and `field`.
public struct KubeConfigSource: Sendable, Hashable {
    public var file: String
    public var field: String

    public init(file: String, field: String) {
        self.file = file
        self.field = field
    }

    /// The directory of the defining file.
    public var directory: String { (file as NSString).deletingLastPathComponent }

    /// Resolves a path as kubectl does: relative to the defining file, `~` to the home directory.
    func resolve(_ path: String, home: String?) -> String {
        if path.hasPrefix("~/"), let home {
            return (home as NSString).appendingPathComponent(String(path.dropFirst(2)))
        }
        if path.hasPrefix("/") { return path }
        return ((directory as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }
}

/// A `clusters[].cluster` entry: where the API server is and how to trust it.
public struct KubeConfigCluster: Sendable, Hashable {
    public var name: String
    public var server: String?
    public var certificateAuthority: String?
    public var certificateAuthorityData: Data?
    public var insecureSkipTLSVerify: Bool
    public var tlsServerName: String?
    public var proxyURL: String?
    public var source: KubeConfigSource
}

/// A `contexts[].context` entry: which cluster, which user, which default namespace.
public struct KubeConfigContext: Sendable, Hashable {
    public var name: String
    public var cluster: String
    public var user: String
    public var namespace: String?
    public var source: KubeConfigSource
}

/// One environment variable passed to an exec credential plugin.
public struct ExecEnvVar: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A `users[].user.exec` entry: the credential plugin kubectl would run (kubelogin,
/// `aws eks get-token`, gke-gcloud-auth-plugin...).
public struct ExecConfig: Sendable, Hashable {
    public var apiVersion: String
    public var command: String
    public var args: [String]
    public var env: [ExecEnvVar]
    public var installHint: String?
    public var provideClusterInfo: Bool
    public var interactiveMode: String?

    public init(
        apiVersion: String = "client.authentication.k8s.io/v1", command: String, args: [String] = [],
        env: [ExecEnvVar] = [], installHint: String? = nil, provideClusterInfo: Bool = false,
        interactiveMode: String? = nil
    ) {
        self.apiVersion = apiVersion
        self.command = command
        self.args = args
        self.env = env
        self.installHint = installHint
        self.provideClusterInfo = provideClusterInfo
        self.interactiveMode = interactiveMode
    }
}

/// A legacy `users[].user.auth-provider` entry (only `oidc` with an `id-token` is honoured).
public struct AuthProviderConfig: Sendable, Hashable {
    public var name: String
    public var config: [String: String]
}

/// A `users[].user` entry: how to authenticate. Its description redacts every secret.
public struct KubeConfigUser: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var name: String
    public var token: String?
    public var tokenFile: String?
    public var clientCertificate: String?
    public var clientCertificateData: Data?
    public var clientKey: String?
    public var clientKeyData: Data?
    public var username: String?
    public var password: String?
    public var exec: ExecConfig?
    public var authProvider: AuthProviderConfig?
    public var source: KubeConfigSource

    public var description: String {
        var parts: [String] = []
        if token != nil { parts.append("token=<redacted>") }
        if let tokenFile { parts.append("tokenFile=\(tokenFile)") }
        if let clientCertificate { parts.append("client-certificate=\(clientCertificate)") }
        if clientCertificateData != nil { parts.append("client-certificate-data=<redacted>") }
        if let clientKey { parts.append("client-key=\(clientKey)") }
        if clientKeyData != nil { parts.append("client-key-data=<redacted>") }
        if let username { parts.append("username=\(username)") }
        if password != nil { parts.append("password=<redacted>") }
        if let exec { parts.append("exec=\(exec.command)") }
        if let authProvider { parts.append("auth-provider=\(authProvider.name)") }
        return "user \(name) (\(parts.joined(separator: ", ")))"
    }

    public var debugDescription: String { description }
}

/// The merged view of one or more kubeconfig files, as kubectl builds it: for every map
/// (clusters, contexts, users) the first file that defines a name wins, and `current-context`
/// comes from the first file that sets it.
public struct KubeConfig: Sendable, Hashable {
    /// The files that were read, in precedence order.
    public var files: [String]
    public var clusters: [String: KubeConfigCluster]
    public var contexts: [String: KubeConfigContext]
    public var users: [String: KubeConfigUser]
    public var currentContext: String?

    public init(
        files: [String] = [], clusters: [String: KubeConfigCluster] = [:],
        contexts: [String: KubeConfigContext] = [:], users: [String: KubeConfigUser] = [:],
        currentContext: String? = nil
    ) {
        self.files = files
        self.clusters = clusters
        self.contexts = contexts
        self.users = users
        self.currentContext = currentContext
    }

    /// Context names, sorted.
    public var contextNames: [String] { contexts.keys.sorted() }

    /// True when no file defined anything usable.
    public var isEmpty: Bool { clusters.isEmpty && contexts.isEmpty && users.isEmpty }

    /// Adds another file's contents with lower precedence (kubectl's merge rule).
    public mutating func merge(lowerPrecedence other: KubeConfig) {
        files.append(contentsOf: other.files.filter { !files.contains($0) })
        clusters.merge(other.clusters) { existing, _ in existing }
        contexts.merge(other.contexts) { existing, _ in existing }
        users.merge(other.users) { existing, _ in existing }
        if currentContext == nil || currentContext?.isEmpty == true { currentContext = other.currentContext }
    }
}
