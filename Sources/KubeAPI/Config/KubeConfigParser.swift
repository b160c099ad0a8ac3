import Foundation
import Yams

/// Parses the text of one kubeconfig file (YAML or JSON) into a `KubeConfig`, reporting syntax
/// errors with their line and structural errors with their field path.
enum KubeConfigParser {
    static func parse(_ text: String, file: String) throws -> KubeConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw KubeConfigError.yamlSyntax(file: file, line: nil, column: nil, problem: "\(error)")
        }
        var config = KubeConfig(files: [file])
        guard let root else { return config }
        let document = YAMLField(node: root, path: "", file: file)
        guard !document.isNull else { return config }
        guard root.mapping != nil else {
            throw KubeConfigError.invalidField(file: file, field: "(document)", problem: "expected a mapping")
        }
        if let kind = try document.string("kind"), !kind.isEmpty, kind != "Config" {
            throw KubeConfigError.invalidField(
                file: file, field: "kind", problem: "expected \"Config\", got \"\(kind)\"")
        }
        for entry in try document.sequence("clusters") {
            let name = try entry.requiredString("name")
            let body =
                try entry.child("cluster")
                ?? YAMLField(node: Node.mapping(Node.Mapping([])), path: entry.path + ".cluster", file: file)
            _ = try body.mapping()
            guard config.clusters[name] == nil else { continue }
            config.clusters[name] = KubeConfigCluster(
                name: name,
                server: try body.string("server"),
                certificateAuthority: try nonEmpty(body.string("certificate-authority")),
                certificateAuthorityData: try body.base64("certificate-authority-data"),
                insecureSkipTLSVerify: try body.bool("insecure-skip-tls-verify") ?? false,
                tlsServerName: try nonEmpty(body.string("tls-server-name")),
                proxyURL: try nonEmpty(body.string("proxy-url")),
                source: KubeConfigSource(file: file, field: body.path)
            )
        }
        for entry in try document.sequence("contexts") {
            let name = try entry.requiredString("name")
            let body = try entry.required("context")
            guard config.contexts[name] == nil else { continue }
            config.contexts[name] = KubeConfigContext(
                name: name,
                cluster: try body.string("cluster") ?? "",
                user: try body.string("user") ?? "",
                namespace: try nonEmpty(body.string("namespace")),
                source: KubeConfigSource(file: file, field: body.path)
            )
        }
        for entry in try document.sequence("users") {
            let name = try entry.requiredString("name")
            let body =
                try entry.child("user")
                ?? YAMLField(node: Node.mapping(Node.Mapping([])), path: entry.path + ".user", file: file)
            guard config.users[name] == nil else { continue }
            config.users[name] = try parseUser(name: name, body: body)
        }
        config.currentContext = try nonEmpty(document.string("current-context"))
        return config
    }

    private static func parseUser(name: String, body: YAMLField) throws -> KubeConfigUser {
        _ = try body.mapping()
        var exec: ExecConfig?
        if let execField = try body.child("exec") {
            exec = try parseExec(execField)
        }
        var authProvider: AuthProviderConfig?
        if let providerField = try body.child("auth-provider") {
            authProvider = AuthProviderConfig(
                name: try providerField.requiredString("name"), config: try providerField.stringMap("config"))
        }
        return KubeConfigUser(
            name: name,
            token: try nonEmpty(body.string("token")),
            tokenFile: try nonEmpty(body.string("tokenFile")),
            clientCertificate: try nonEmpty(body.string("client-certificate")),
            clientCertificateData: try body.base64("client-certificate-data"),
            clientKey: try nonEmpty(body.string("client-key")),
            clientKeyData: try body.base64("client-key-data"),
            username: try nonEmpty(body.string("username")),
            password: try nonEmpty(body.string("password")),
            exec: exec,
            authProvider: authProvider,
            source: KubeConfigSource(file: body.file, field: body.path)
        )
    }

    private static let execAPIVersions = [
        "client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1",
    ]

    private static func parseExec(_ field: YAMLField) throws -> ExecConfig {
        _ = try field.mapping()
        guard let command = try nonEmpty(field.string("command")) else { throw field.error("missing \"command\"") }
        let apiVersion = try field.string("apiVersion") ?? ""
        guard execAPIVersions.contains(apiVersion) else {
            let shown = apiVersion.isEmpty ? "missing \"apiVersion\"" : "unsupported apiVersion \"\(apiVersion)\""
            throw field.error("\(shown) (expected one of \(execAPIVersions.joined(separator: ", ")))")
        }
        var env: [ExecEnvVar] = []
        for item in try field.sequence("env") {
            env.append(ExecEnvVar(name: try item.requiredString("name"), value: try item.string("value") ?? ""))
        }
        let interactiveMode = try nonEmpty(field.string("interactiveMode"))
        if let interactiveMode, !["Never", "IfAvailable", "Always"].contains(interactiveMode) {
            throw field.error("interactiveMode must be Never, IfAvailable or Always, got \"\(interactiveMode)\"")
        }
        return ExecConfig(
            apiVersion: apiVersion,
            command: command,
            args: try field.stringList("args"),
            env: env,
            installHint: try nonEmpty(field.string("installHint")),
            provideClusterInfo: try field.bool("provideClusterInfo") ?? false,
            interactiveMode: interactiveMode
        )
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    private static func syntaxError(_ error: YamlError, file: String) -> KubeConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return .yamlSyntax(file: file, line: mark.line, column: mark.column, problem: detail)
        case .reader(let problem, _, _, _):
            return .yamlSyntax(file: file, line: nil, column: nil, problem: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .yamlSyntax(
                file: file, line: context.mark.line, column: context.mark.column,
                problem: "duplicated keys \(duplicates.joined(separator: ", "))")
        default:
            return .yamlSyntax(file: file, line: nil, column: nil, problem: "\(error)")
        }
    }
}
