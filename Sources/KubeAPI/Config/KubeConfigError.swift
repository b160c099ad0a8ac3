import Foundation

/// Everything that can go wrong while turning kubeconfig files, in-cluster files and credential
/// plugins into a usable connection. Each case renders as one actionable sentence that names the
/// file and field involved, so an operator can fix the configuration without reading code.
public enum KubeConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A path given explicitly (`--kubeconfig`) does not exist.
    case fileNotFound(path: String)
    /// A file exists but cannot be read or is not UTF-8.
    case unreadable(path: String, reason: String)
    /// The YAML (or JSON) of a kubeconfig does not parse.
    case yamlSyntax(file: String, line: Int?, column: Int?, problem: String)
    /// A field has the wrong type, a bad value, or a required field is missing.
    case invalidField(file: String, field: String, problem: String)
    /// No `--context` was given and no file sets `current-context`.
    case noCurrentContext(files: [String], available: [String])
    /// The requested context is not defined in any file.
    case contextNotFound(name: String, files: [String], available: [String])
    /// A context points at a cluster name that is not defined.
    case clusterNotFound(name: String, context: String, files: [String])
    /// A context points at a user name that is not defined.
    case userNotFound(name: String, context: String, files: [String])
    /// No kubeconfig file and no in-cluster service account were found.
    case noConfiguration(searched: [String])
    /// In-cluster configuration was selected but is incomplete.
    case inCluster(reason: String)
    /// The exec credential plugin binary cannot be found or executed.
    case execPluginNotFound(command: String, user: String, installHint: String?)
    /// The exec credential plugin ran and failed.
    case execPluginFailed(command: String, exitCode: Int32, stderr: String)
    /// The exec credential plugin printed something that is not a usable ExecCredential.
    case execPluginInvalidOutput(command: String, problem: String)
    /// A credential file (token file, certificate) referenced by the configuration is unusable.
    case credentialFile(path: String, field: String, reason: String)
    /// A TLS setting (CA, client certificate or key) cannot be loaded.
    case tls(origin: String, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "kubeconfig \(path): file does not exist"
        case .unreadable(let path, let reason):
            return "kubeconfig \(path): cannot read: \(reason)"
        case .yamlSyntax(let file, let line, let column, let problem):
            var position = ""
            if let line {
                position = " at line \(line)"
                if let column { position += ", column \(column)" }
            }
            return "kubeconfig \(file): YAML syntax error\(position): \(problem)"
        case .invalidField(let file, let field, let problem):
            return "kubeconfig \(file): \(field): \(problem)"
        case .noCurrentContext(let files, let available):
            return "kubeconfig \(Self.list(files)): no current-context is set and no --context was given; "
                + "available contexts: \(Self.names(available))"
        case .contextNotFound(let name, let files, let available):
            return
                "kubeconfig \(Self.list(files)): context \"\(name)\" not found; available contexts: \(Self.names(available))"
        case .clusterNotFound(let name, let context, let files):
            return
                "kubeconfig \(Self.list(files)): context \"\(context)\" refers to cluster \"\(name)\", which is not defined"
        case .userNotFound(let name, let context, let files):
            return
                "kubeconfig \(Self.list(files)): context \"\(context)\" refers to user \"\(name)\", which is not defined"
        case .noConfiguration(let searched):
            return "no Kubernetes configuration found (looked at \(searched.joined(separator: ", "))); "
                + "pass --kubeconfig, set KUBECONFIG, create ~/.kube/config, or run in a pod with a service account"
        case .inCluster(let reason):
            return "in-cluster configuration: \(reason)"
        case .execPluginNotFound(let command, let user, let installHint):
            var text = "exec credential plugin \"\(command)\" (user \"\(user)\") was not found or is not executable"
            if let installHint, !installHint.isEmpty {
                text +=
                    "; "
                    + installHint.trimmingCharacters(in: .whitespacesAndNewlines)
                    .replacingOccurrences(of: "\n", with: " ")
            }
            return text
        case .execPluginFailed(let command, let exitCode, let stderr):
            let detail = stderr.isEmpty ? "" : ": \(stderr)"
            return "exec credential plugin \"\(command)\" exited with status \(exitCode)\(detail)"
        case .execPluginInvalidOutput(let command, let problem):
            return "exec credential plugin \"\(command)\" returned an unusable ExecCredential: \(problem)"
        case .credentialFile(let path, let field, let reason):
            return "\(field) \(path): \(reason)"
        case .tls(let origin, let reason):
            return "TLS configuration (\(origin)): \(reason)"
        }
    }

    private static func list(_ files: [String]) -> String {
        files.isEmpty ? "(none)" : files.joined(separator: ":")
    }

    private static func names(_ names: [String]) -> String {
        names.isEmpty ? "(none)" : names.sorted().joined(separator: ", ")
    }
}
