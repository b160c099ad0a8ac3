/// The settings of `kars-sre run` as text (`--help-settings`) and as the Markdown table of docs/run.md.
public enum RunSettingsTable {
    public static var text: String {
        RunSettings.all.map { setting in
            "\(setting.key)  [\(setting.environmentName)]  default: \(setting.defaultValue ?? "unset")\n    \(kindText(setting.kind)). \(setting.help)"
        }.joined(separator: "\n")
    }

    public static var markdown: String {
        "| setting (config file) | environment | default | value |\n|---|---|---|---|\n"
            + RunSettings.all.map { setting in
                "| `\(setting.key)` | `\(setting.environmentName)` | \(setting.defaultValue.map { "`\($0)`" } ?? "unset") | \(kindText(setting.kind)): \(setting.help) |"
            }.joined(separator: "\n")
    }

    static func kindText(_ kind: RunSetting.Kind) -> String {
        switch kind {
        case .string: return "text"
        case .name: return "Kubernetes name"
        case .bool: return "true or false"
        case .integer(let range): return "number \(range.lowerBound)...\(range.upperBound)"
        case .duration: return "duration (ms, s, m, h, d)"
        case .globs: return "namespace globs (list, or comma-separated)"
        case .choice(let choices): return choices.joined(separator: " or ")
        case .url: return "http(s) URL"
        case .secretFile: return "path of a mounted secret file"
        case .integers: return "numeric IDs (list, or comma-separated)"
        }
    }
}
