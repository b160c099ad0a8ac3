import Foundation

/// One setting of `kars-sre run`: the dotted key the config file uses, the environment variable,
/// what kind of value it takes and its default. The table in `RunSettings.all` is the single
/// source of the config file's keys, the environment's names, validation and docs/run.md.
public struct RunSetting: Sendable, Hashable {
    /// What a value must look like.
    public enum Kind: Sendable, Hashable {
        case string
        /// A DNS-1123 label (namespace, ServiceAccount, Lease names).
        case name
        case bool
        case integer(ClosedRange<Int>)
        /// `500ms`, `20s`, `5m`, `1h30m`, `1d`.
        case duration
        /// Namespace globs: lowercase letters, digits, `-`, `*` and `?`.
        case globs
        case choice([String])
        case url
        /// A path to a mounted file holding a secret; the file must exist and be non-empty.
        case secretFile
        /// Numeric IDs (Telegram users).
        case integers
    }

    /// `controller.settle`: the path of nested keys in the config file.
    public let key: String
    public let kind: Kind
    /// nil: unset unless configured.
    public let defaultValue: String?
    public let help: String

    public init(_ key: String, _ kind: Kind, _ defaultValue: String?, _ help: String) {
        self.key = key
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
    }

    /// `KARS_SRE_` and the key in upper snake case: `controller.recoveryTimeout` is
    /// `KARS_SRE_CONTROLLER_RECOVERY_TIMEOUT`, `notify.telegram.chatID` is `KARS_SRE_NOTIFY_TELEGRAM_CHAT_ID`.
    public var environmentName: String {
        "KARS_SRE_" + key.split(separator: ".").map { Self.snake(String($0)) }.joined(separator: "_")
    }

    public var isList: Bool {
        switch kind {
        case .globs, .integers: return true
        default: return false
        }
    }

    static func snake(_ word: String) -> String {
        var result = ""
        let characters = Array(word)
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previousLower = characters[index - 1].isLowercase || characters[index - 1].isNumber
                let nextLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previousLower || (characters[index - 1].isUppercase && nextLower) { result.append("_") }
            }
            result.append(character)
        }
        return result.uppercased()
    }
}

/// Every setting `kars-sre run` knows.
public enum RunSettings {
    public static let all: [RunSetting] = [
        RunSetting(
            "namespace", .name, "kars-sre",
            "Namespace of the KarsSREActions, the Lease, the kill switch and the writer account."),
        RunSetting(
            "identity", .string, nil,
            "This replica's name in the Lease and in Events (default: $POD_NAME, else host name and process id)."),
        RunSetting(
            "shutdownTimeout", .duration, "20s", "On SIGTERM/SIGINT, stop waiting for a clean shutdown after this long."
        ),

        RunSetting(
            "leaderElection.enabled", .bool, "true",
            "Only the Lease holder runs the controller and the watcher; false only with exactly one replica."),
        RunSetting(
            "leaderElection.leaseName", .name, "kars-sre-controller",
            "The coordination.k8s.io Lease (shared with `kars-sre controller`)."),
        RunSetting(
            "leaderElection.leaseDuration", .duration, "15s", "A lease not renewed for this long may be taken over."),
        RunSetting(
            "leaderElection.renewDeadline", .duration, "10s",
            "The leader steps down when it could not renew for this long (less than leaseDuration)."),
        RunSetting(
            "leaderElection.retryPeriod", .duration, "2s",
            "How often the leader renews and followers retry (less than renewDeadline)."),

        RunSetting("controller.enabled", .bool, "true", "Run the remediation controller (on the leader)."),
        RunSetting(
            "controller.settle", .duration, "20s", "Healthy and quiet this long after an action means Recovered."),
        RunSetting("controller.recoveryTimeout", .duration, "5m", "No recovery this long after applying means Failed."),
        RunSetting(
            "controller.followUpAfter", .duration, "2m",
            "Propose a RolloutRestart for a workload still down this long after its cause was removed."),
        RunSetting("controller.resync", .duration, "30s", "Reconcile every action at least this often."),
        RunSetting("controller.retention", .duration, "1h", "Delete terminal actions this long after they ended."),
        RunSetting("controller.budget", .integer(0...1000), "10", "At most this many executions per hour."),
        RunSetting(
            "controller.writer", .name, "sre-writer",
            "The writer ServiceAccount (in `namespace`) one-shot grants are for."),

        RunSetting("watcher.enabled", .bool, "true", "Run the incident watcher (on the leader)."),
        RunSetting("watcher.include", .globs, "kars-*", "Namespace globs to watch (`*` watches every namespace)."),
        RunSetting(
            "watcher.exclude", .globs, "kars-sre,kars-system,kube-*,agentmesh,default",
            "Namespace globs to leave out (exclude wins)."),
        RunSetting("watcher.poll", .duration, nil, "List Events at this interval instead of watching them."),
        RunSetting(
            "watcher.cooldown", .duration, "30m", "Announce a finding without an action at most once per this period."),
        RunSetting("watcher.rateLimit", .integer(1...1000), "4", "Messages allowed per minute, cluster-wide."),
        RunSetting("watcher.resync", .duration, "60s", "Re-read the KarsSREActions into the dedupe state this often."),
        RunSetting(
            "watcher.ttlMinutes", .integer(1...1440), "30",
            "Minutes a proposed action waits for approval before it expires."),
        RunSetting("watcher.createActions", .bool, "true", "Create KarsSREActions (false: announce only)."),

        RunSetting(
            "console.enabled", .bool, "true",
            "Serve the web console, /metrics, /healthz and /readyz (on every replica)."),
        RunSetting("console.host", .string, "0.0.0.0", "Address to bind."),
        RunSetting("console.port", .integer(0...65535), "8080", "Port to listen on (0 picks a free one)."),
        RunSetting(
            "console.auth", .choice(["token", "local"]), "token",
            "token: TokenReview + SubjectAccessReview; local: no sign-in, loopback host only."),
        RunSetting("console.url", .url, nil, "The console's external URL, for links in notifications."),
        RunSetting("console.incidentWindow", .duration, "15m", "Failure events newer than this are active incidents."),
        RunSetting(
            "console.recentWindow", .duration, "1h", "Terminal actions that ended within this are listed as recent."),

        RunSetting(
            "notify.telegram.tokenFile", .secretFile, nil, "File holding the Telegram bot token (a mounted Secret)."),
        RunSetting("notify.telegram.chatID", .string, nil, "The Telegram chat incidents are announced in."),
        RunSetting("notify.telegram.allowFrom", .integers, nil, "Telegram user IDs allowed to approve or reject."),
        RunSetting("notify.slack.webhookURLFile", .secretFile, nil, "File holding the Slack incoming-webhook URL."),
        RunSetting("notify.discord.webhookURLFile", .secretFile, nil, "File holding the Discord webhook URL."),
        RunSetting("notify.webhook.urlFile", .secretFile, nil, "File holding the generic webhook URL."),
        RunSetting(
            "notify.webhook.secretFile", .secretFile, nil, "File holding the webhook's HMAC-SHA256 signing key."),
    ]

    static let byKey: [String: RunSetting] = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })
    static let byEnvironment: [String: RunSetting] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.environmentName, $0) })

    /// `KARS_SRE_` variables that belong to other commands (the LLM agent) and are not `run` settings.
    static let foreignEnvironmentPrefixes = [
        "KARS_SRE_LLM_", "KARS_SRE_POLICY", "KARS_SRE_STATE_DIR", "KARS_SRE_TOKEN_BUDGET",
        "KARS_SRE_REQUIRE_PROMPT_SHIELDS",
        "KARS_SRE_CONFIG",
    ]

    /// The environment variable naming the config file when `--config` is not given.
    public static let configFileVariable = "KARS_SRE_RUN_CONFIG"

    /// The known key closest to `key` (edit distance at most 3), for "did you mean".
    static func suggestion(for key: String) -> String? {
        let scored = all.map { ($0.key, EditDistance.between($0.key.lowercased(), key.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 3 else {
            // A key without its section (`settle` for `controller.settle`).
            return all.first { $0.key.hasSuffix("." + key) }?.key
        }
        return best.0
    }
}

/// Levenshtein distance, for suggestions.
enum EditDistance {
    static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
