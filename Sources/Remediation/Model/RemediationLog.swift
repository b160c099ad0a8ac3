import Foundation

/// Where the remediation writes its operational log lines (never secrets: tokens are not logged).
public typealias RemediationLogger = @Sendable (String) -> Void

/// Standard loggers.
public enum RemediationLog {
    /// One line per message on standard error, prefixed with the time.
    public static let standardError: RemediationLogger = { message in
        let line = "\(KubeTimeFormat.now()) kars-sre-controller: \(ActionText.line(message, limit: 2000))\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Discards everything (tests).
    public static let silent: RemediationLogger = { _ in }
}

enum KubeTimeFormat {
    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }
}
