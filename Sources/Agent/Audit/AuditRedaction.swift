import Diagnosis
import Foundation
import KubeModels

/// Removes secrets from what the audit log records: values under secret-sounding keys are
/// replaced, and secret-looking text (bearer tokens, key=value credentials, private keys) is
/// masked with the same rules as `logs`.
public enum AuditRedaction {
    static let secretKeys = ["password", "passwd", "secret", "token", "apikey", "api_key", "api-key", "credential", "authorization", "private"]

    public static func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let fields):
            var out: [String: JSONValue] = [:]
            for (key, item) in fields {
                let lowered = key.lowercased()
                out[key] = secretKeys.contains { lowered.contains($0) } ? .string(LogRedaction.mask) : redact(item)
            }
            return .object(out)
        case .array(let items): return .array(items.map(redact))
        case .string(let text): return .string(redactText(text))
        default: return value
        }
    }

    public static func redactText(_ text: String) -> String {
        var redaction = LogRedaction()
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { redaction.redact(String($0)).line }.joined(separator: "\n")
            .replacingOccurrences(of: #"\bsk-[A-Za-z0-9_-]{16,}"#, with: LogRedaction.mask, options: .regularExpression)
    }
}
