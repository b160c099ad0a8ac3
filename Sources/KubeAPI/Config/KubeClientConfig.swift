import Foundation

/// PEM client certificate and private key (PKCS#8, SEC1 EC or PKCS#1 RSA) presented for mTLS.
/// Its description never prints the key.
public struct ClientCertificatePEM: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var certificate: Data
    public var key: Data

    public init(certificate: Data, key: Data) {
        self.certificate = certificate
        self.key = key
    }

    public var description: String { "client certificate (\(certificate.count) bytes, key <redacted>)" }
    public var debugDescription: String { description }
}

/// How the API server's certificate is verified and which client certificate is shown.
public struct TLSSettings: Sendable, Hashable {
    /// PEM trust roots; when set, only these are trusted (as kubectl does). Nil means system roots.
    public var certificateAuthorityPEM: Data?
    public var insecureSkipTLSVerify: Bool
    /// Name to verify the server certificate against (and send as SNI) instead of the URL's host.
    public var serverName: String?
    public var clientCertificate: ClientCertificatePEM?

    public init(
        certificateAuthorityPEM: Data? = nil, insecureSkipTLSVerify: Bool = false, serverName: String? = nil,
        clientCertificate: ClientCertificatePEM? = nil
    ) {
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.serverName = serverName
        self.clientCertificate = clientCertificate
    }
}

/// An exec credential plugin bound to the user and cluster it serves.
public struct ExecPluginSpec: Sendable, Hashable {
    public var config: ExecConfig
    /// The kubeconfig user name (for error messages).
    public var userName: String
    /// Directory of the kubeconfig that defined the user: relative commands resolve against it.
    public var baseDirectory: String
    /// The `spec.cluster` object passed in KUBERNETES_EXEC_INFO when `provideClusterInfo` is set.
    public var clusterInfo: [String: String]

    public init(config: ExecConfig, userName: String, baseDirectory: String, clusterInfo: [String: String] = [:]) {
        self.config = config
        self.userName = userName
        self.baseDirectory = baseDirectory
        self.clusterInfo = clusterInfo
    }
}

/// Where request credentials come from. The description redacts every secret.
public enum CredentialSource: Sendable, Hashable, CustomStringConvertible {
    case none
    case bearerToken(String)
    /// A token file re-read periodically (rotated service-account tokens) and after a 401.
    case tokenFile(path: String)
    case basic(username: String, password: String)
    case exec(ExecPluginSpec)

    public var description: String {
        switch self {
        case .none: return "none"
        case .bearerToken: return "bearer token <redacted>"
        case .tokenFile(let path): return "token file \(path)"
        case .basic(let username, _): return "basic auth as \(username) (password <redacted>)"
        case .exec(let spec): return "exec plugin \(spec.config.command)"
        }
    }
}

/// Where a resolved configuration came from: quoted in every connection error.
public enum ConfigOrigin: Sendable, Hashable, CustomStringConvertible {
    case kubeconfig(files: [String], context: String)
    case inCluster(serviceAccountDirectory: String)
    case explicit(String)

    public var description: String {
        switch self {
        case .kubeconfig(let files, let context):
            return "kubeconfig \(files.joined(separator: ":")), context \(context)"
        case .inCluster(let directory):
            return "in-cluster service account \(directory)"
        case .explicit(let label):
            return label
        }
    }
}

/// A fully resolved way to reach one API server: the single value the transport is built from.
/// Its description is safe to log (tokens, passwords and keys are redacted).
public struct KubeClientConfig: Sendable, Hashable, CustomStringConvertible {
    /// Base URL without trailing slash, e.g. `https://127.0.0.1:6443` (may carry a path prefix).
    public var server: String
    /// The namespace to use when a command does not name one.
    public var namespace: String
    public var tls: TLSSettings
    public var credentials: CredentialSource
    /// `proxy-url` from the cluster entry; nil means HTTPS_PROXY/NO_PROXY from `environment` apply.
    public var proxyURL: String?
    public var origin: ConfigOrigin
    /// Environment for proxy variables and exec plugins.
    public var environment: [String: String]

    public init(
        server: String, namespace: String = "default", tls: TLSSettings = TLSSettings(),
        credentials: CredentialSource = .none, proxyURL: String? = nil,
        origin: ConfigOrigin = .explicit("explicit configuration"),
        environment: [String: String] = [:]
    ) {
        self.server = server
        self.namespace = namespace
        self.tls = tls
        self.credentials = credentials
        self.proxyURL = proxyURL
        self.origin = origin
        self.environment = environment
    }

    /// The context name, when the configuration came from a kubeconfig.
    public var contextName: String? {
        if case .kubeconfig(_, let context) = origin { return context }
        return nil
    }

    public var description: String {
        var parts = ["server \(server)", "namespace \(namespace)", "auth \(credentials)", "\(origin)"]
        if tls.insecureSkipTLSVerify { parts.append("insecure-skip-tls-verify") }
        if tls.clientCertificate != nil { parts.append("client certificate (key <redacted>)") }
        if let proxyURL { parts.append("proxy \(ProxySettings.redactedURL(proxyURL))") }
        return parts.joined(separator: ", ")
    }
}
