import Foundation

/// Resolves configuration exactly the way kubectl does, so `kars-sre` talks to the same cluster
/// as the operator's `kubectl`:
///
/// 1. an explicit `--kubeconfig` path (must exist);
/// 2. else every file in `KUBECONFIG` (":"-separated, missing files skipped), merged: the first
///    file to define a cluster/context/user name wins, `current-context` from the first that sets it;
/// 3. else `~/.kube/config`;
/// 4. when none of those yields any configuration: the in-cluster service account
///    (`KUBERNETES_SERVICE_HOST`/`PORT` plus the mounted token, CA and namespace).
///
/// Then `--context` (or current-context) picks the context, and `-n` (or the context's namespace,
/// or "default") the namespace.
public struct KubeConfigLoader: Sendable {
    public var environment: KubeConfigEnvironment

    public init(environment: KubeConfigEnvironment = .process) {
        self.environment = environment
    }

    /// The merged kubeconfig from the kubectl search order, or nil when no file exists.
    /// Also returns a human-readable list of the places that were looked at.
    public func loadKubeConfig(explicitPath: String? = nil) throws -> (config: KubeConfig?, searched: [String]) {
        if let explicitPath, !explicitPath.isEmpty {
            guard FileManager.default.fileExists(atPath: explicitPath) else {
                throw KubeConfigError.fileNotFound(path: explicitPath)
            }
            return (try Self.loadFile(explicitPath), ["--kubeconfig \(explicitPath)"])
        }
        if let list = environment.value("KUBECONFIG") {
            var merged: KubeConfig?
            for path in list.split(separator: ":").map(String.init) where !path.isEmpty {
                guard FileManager.default.fileExists(atPath: path) else { continue }
                let file = try Self.loadFile(path)
                if merged == nil { merged = file } else { merged?.merge(lowerPrecedence: file) }
            }
            return (merged, ["KUBECONFIG=\(list)"])
        }
        guard let path = environment.defaultKubeconfigPath else { return (nil, ["~/.kube/config (no home directory)"]) }
        guard FileManager.default.fileExists(atPath: path) else { return (nil, [path]) }
        return (try Self.loadFile(path), [path])
    }

    /// Reads and parses one kubeconfig file.
    public static func loadFile(_ path: String) throws -> KubeConfig {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw KubeConfigError.unreadable(path: path, reason: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw KubeConfigError.unreadable(path: path, reason: "not UTF-8 text")
        }
        return try KubeConfigParser.parse(text, file: path)
    }

    /// Resolves the configuration to use, honouring `--kubeconfig`, `--context` and `-n`.
    public func resolve(kubeconfig: String? = nil, context: String? = nil, namespace: String? = nil) throws
        -> KubeClientConfig
    {
        let (config, searched) = try loadKubeConfig(explicitPath: kubeconfig)
        if let config, !config.isEmpty || kubeconfig != nil || context != nil {
            return try resolve(config, context: context, namespace: namespace)
        }
        let inCluster = InClusterConfig(environment: environment)
        if let resolved = try inCluster.resolve(namespace: namespace) {
            return resolved
        }
        throw KubeConfigError.noConfiguration(searched: searched + [inCluster.whyNotAvailable])
    }

    /// Resolves a context of an already merged kubeconfig.
    public func resolve(_ config: KubeConfig, context requested: String? = nil, namespace: String? = nil) throws
        -> KubeClientConfig
    {
        guard let contextName = requested.flatMap({ $0.isEmpty ? nil : $0 }) ?? config.currentContext else {
            throw KubeConfigError.noCurrentContext(files: config.files, available: config.contextNames)
        }
        guard let context = config.contexts[contextName] else {
            throw KubeConfigError.contextNotFound(
                name: contextName, files: config.files, available: config.contextNames)
        }
        guard let cluster = config.clusters[context.cluster] else {
            throw KubeConfigError.clusterNotFound(name: context.cluster, context: contextName, files: config.files)
        }
        var user: KubeConfigUser?
        if !context.user.isEmpty {
            guard let found = config.users[context.user] else {
                throw KubeConfigError.userNotFound(name: context.user, context: contextName, files: config.files)
            }
            user = found
        }
        let server = try Self.validatedServer(cluster)
        var tls = TLSSettings(
            certificateAuthorityPEM: try certificateAuthority(cluster),
            insecureSkipTLSVerify: cluster.insecureSkipTLSVerify,
            serverName: cluster.tlsServerName
        )
        var credentials = CredentialSource.none
        if let user {
            tls.clientCertificate = try clientCertificate(user)
            credentials = try credentialSource(user, cluster: cluster, server: server, tls: tls)
        }
        return KubeClientConfig(
            server: server,
            namespace: namespace.flatMap { $0.isEmpty ? nil : $0 } ?? context.namespace ?? "default",
            tls: tls,
            credentials: credentials,
            proxyURL: cluster.proxyURL,
            origin: .kubeconfig(files: config.files, context: contextName),
            environment: environment.variables
        )
    }

    static func validatedServer(_ cluster: KubeConfigCluster) throws -> String {
        let field = KubeConfigError.invalidField
        guard var server = cluster.server?.trimmingCharacters(in: .whitespaces), !server.isEmpty else {
            throw field(cluster.source.file, cluster.source.field, "missing \"server\"")
        }
        guard let url = URLComponents(string: server), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", url.host?.isEmpty == false
        else {
            throw field(cluster.source.file, cluster.source.field + ".server", "\"\(server)\" is not an http(s) URL")
        }
        while server.hasSuffix("/") { server.removeLast() }
        return server
    }

    private func readFile(_ path: String, source: KubeConfigSource, field: String) throws -> Data {
        let resolved = source.resolve(path, home: environment.homeDirectory)
        do {
            return try Data(contentsOf: URL(fileURLWithPath: resolved))
        } catch {
            throw KubeConfigError.invalidField(
                file: source.file, field: "\(source.field).\(field)", problem: "cannot read \(resolved)")
        }
    }

    private func certificateAuthority(_ cluster: KubeConfigCluster) throws -> Data? {
        if let data = cluster.certificateAuthorityData { return data }
        guard let path = cluster.certificateAuthority else { return nil }
        return try readFile(path, source: cluster.source, field: "certificate-authority")
    }

    private func clientCertificate(_ user: KubeConfigUser) throws -> ClientCertificatePEM? {
        var certificate = user.clientCertificateData
        if certificate == nil, let path = user.clientCertificate {
            certificate = try readFile(path, source: user.source, field: "client-certificate")
        }
        var key = user.clientKeyData
        if key == nil, let path = user.clientKey {
            key = try readFile(path, source: user.source, field: "client-key")
        }
        switch (certificate, key) {
        case (nil, nil): return nil
        case (let certificate?, let key?): return ClientCertificatePEM(certificate: certificate, key: key)
        case (nil, _):
            throw KubeConfigError.invalidField(
                file: user.source.file, field: user.source.field,
                problem: "client-key is set but client-certificate is missing")
        case (_, nil):
            throw KubeConfigError.invalidField(
                file: user.source.file, field: user.source.field,
                problem: "client-certificate is set but client-key is missing")
        }
    }

    private func credentialSource(
        _ user: KubeConfigUser, cluster: KubeConfigCluster, server: String, tls: TLSSettings
    ) throws -> CredentialSource {
        if let token = user.token { return .bearerToken(token) }
        if let tokenFile = user.tokenFile {
            return .tokenFile(path: user.source.resolve(tokenFile, home: environment.homeDirectory))
        }
        if let exec = user.exec {
            var clusterInfo: [String: String] = [:]
            if exec.provideClusterInfo {
                clusterInfo["server"] = server
                clusterInfo["tls-server-name"] = cluster.tlsServerName
                clusterInfo["proxy-url"] = cluster.proxyURL
                if cluster.insecureSkipTLSVerify { clusterInfo["insecure-skip-tls-verify"] = "true" }
                clusterInfo["certificate-authority-data"] = tls.certificateAuthorityPEM?.base64EncodedString()
            }
            return .exec(
                ExecPluginSpec(
                    config: exec, userName: user.name, baseDirectory: user.source.directory, clusterInfo: clusterInfo))
        }
        if let username = user.username {
            return .basic(username: username, password: user.password ?? "")
        }
        if let provider = user.authProvider {
            if provider.name == "oidc", let idToken = provider.config["id-token"], !idToken.isEmpty {
                return .bearerToken(idToken)
            }
            throw KubeConfigError.invalidField(
                file: user.source.file, field: user.source.field + ".auth-provider",
                problem: "auth-provider \"\(provider.name)\" is not supported; use an exec credential plugin "
                    + "(kubelogin for AKS, gke-gcloud-auth-plugin for GKE)")
        }
        return .none
    }
}
