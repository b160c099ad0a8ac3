import Foundation
import KubeModels

/// The credential an exec plugin returned (`ExecCredential.status`): a bearer token and/or a
/// client certificate, valid until `expiration` (nil: until the server rejects it).
struct ExecCredentialResult: Sendable {
    var token: String?
    var clientCertificate: ClientCertificatePEM?
    var expiration: Date?

    /// Parses the plugin's stdout. Never includes the output itself in errors: it holds secrets.
    static func parse(_ output: Data, spec: ExecPluginSpec) throws -> ExecCredentialResult {
        let command = spec.config.command
        func invalid(_ problem: String) -> KubeConfigError {
            .execPluginInvalidOutput(command: command, problem: problem)
        }
        guard let value = try? KubeJSON.decoder.decode(JSONValue.self, from: output) else {
            throw invalid("output is not JSON (\(output.count) bytes)")
        }
        guard value["kind"]?.stringValue == "ExecCredential" else { throw invalid("kind is not ExecCredential") }
        let apiVersion = value["apiVersion"]?.stringValue ?? ""
        guard apiVersion == spec.config.apiVersion else {
            throw invalid("apiVersion \"\(apiVersion)\" does not match the configured \"\(spec.config.apiVersion)\"")
        }
        guard let status = value["status"], status.objectValue != nil else { throw invalid("missing status") }
        var result = ExecCredentialResult()
        if let token = status["token"]?.stringValue, !token.isEmpty { result.token = token }
        let certificate = status["clientCertificateData"]?.stringValue ?? ""
        let key = status["clientKeyData"]?.stringValue ?? ""
        if !certificate.isEmpty || !key.isEmpty {
            guard !certificate.isEmpty, !key.isEmpty else {
                throw invalid("status must set both clientCertificateData and clientKeyData")
            }
            result.clientCertificate = ClientCertificatePEM(certificate: Data(certificate.utf8), key: Data(key.utf8))
        }
        guard result.token != nil || result.clientCertificate != nil else {
            throw invalid("status has neither token nor clientCertificateData/clientKeyData")
        }
        if let text = status["expirationTimestamp"]?.stringValue, !text.isEmpty {
            guard let date = KubeTime.parse(text) else {
                throw invalid("expirationTimestamp \"\(text)\" is not RFC 3339")
            }
            result.expiration = date
        }
        return result
    }

    /// The KUBERNETES_EXEC_INFO value handed to the plugin.
    static func execInfo(for spec: ExecPluginSpec) -> String {
        var specObject: [String: JSONValue] = ["interactive": false]
        if spec.config.provideClusterInfo {
            var cluster: [String: JSONValue] = [:]
            for (key, value) in spec.clusterInfo {
                cluster[key] = key == "insecure-skip-tls-verify" ? .bool(value == "true") : .string(value)
            }
            specObject["cluster"] = .object(cluster)
        }
        let info: JSONValue = [
            "apiVersion": .string(spec.config.apiVersion), "kind": "ExecCredential", "spec": .object(specObject),
        ]
        return info.jsonString()
    }
}
