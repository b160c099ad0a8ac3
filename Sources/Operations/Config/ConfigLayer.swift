import Foundation
import Yams

/// A raw value of one setting as one source gave it, before validation.
public enum ConfigValue: Sendable, Hashable {
    case scalar(String)
    case list([String])

    /// Items of a list setting: a list, or a comma-separated scalar (`kars-*,team-*`).
    var items: [String] {
        switch self {
        case .list(let items): return items
        case .scalar(let text):
            return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }
}

/// The values one source (flags, environment or the config file) sets, by setting key, with the
/// source's name for error messages. Reading a layer rejects what no setting knows.
public struct ConfigLayer: Sendable {
    public var source: String
    public var values: [String: ConfigValue]

    public init(source: String, values: [String: ConfigValue] = [:]) {
        self.source = source
        self.values = values
    }

    /// `--set KEY=VALUE` pairs (and the named flags the command maps to keys).
    public static func flags(_ pairs: [(key: String, value: String)]) throws -> ConfigLayer {
        var layer = ConfigLayer(source: "flags")
        var problems: [String] = []
        for (key, value) in pairs {
            guard RunSettings.byKey[key] != nil else {
                problems.append(RunConfigurationError.unknownKey(key, source: "flag --set"))
                continue
            }
            layer.values[key] = .scalar(value)
        }
        if !problems.isEmpty { throw RunConfigurationError(problems: problems) }
        return layer
    }

    /// Parses `KEY=VALUE` as `--set` takes it.
    public static func parseAssignment(_ text: String) throws -> (key: String, value: String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw RunConfigurationError(problems: [
                "--set \(text): expected KEY=VALUE, e.g. --set controller.settle=30s"
            ])
        }
        return (
            String(text[..<equals]).trimmingCharacters(in: .whitespaces), String(text[text.index(after: equals)...])
        )
    }

    /// `KARS_SRE_*` variables. A variable that looks like a `run` setting but is none is an error
    /// (a typo would otherwise be silently ignored); the agent's variables are left alone.
    public static func environment(_ environment: [String: String]) throws -> ConfigLayer {
        var layer = ConfigLayer(source: "environment")
        var problems: [String] = []
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix("KARS_SRE_") {
            if let setting = RunSettings.byEnvironment[name] {
                layer.values[setting.key] = .scalar(value)
            } else if name == RunSettings.configFileVariable
                || RunSettings.foreignEnvironmentPrefixes.contains(where: { name.hasPrefix($0) })
            {
                continue
            } else {
                let near = RunSettings.all.map(\.environmentName).min {
                    EditDistance.between($0, name) < EditDistance.between($1, name)
                }
                let hint = near.flatMap { EditDistance.between($0, name) <= 4 ? " (did you mean \($0)?)" : nil } ?? ""
                problems.append(
                    "environment variable \(name) is not a kars-sre run setting\(hint); remove it or see `kars-sre run --help-settings`"
                )
            }
        }
        if !problems.isEmpty { throw RunConfigurationError(problems: problems) }
        return layer
    }

    /// A YAML or JSON config file: nested mappings whose leaf paths are setting keys
    /// (`controller: {settle: 30s}`; a dotted key `controller.settle: 30s` works too).
    public static func file(at path: String) throws -> ConfigLayer {
        guard FileManager.default.fileExists(atPath: path) else {
            throw RunConfigurationError(problems: [
                "config file \(path) does not exist: mount it there or fix --config / \(RunSettings.configFileVariable)"
            ])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunConfigurationError(problems: ["config file \(path) cannot be read: check its permissions"])
        }
        return try file(text: String(decoding: data, as: UTF8.self), source: path)
    }

    /// The config file's text (YAML; JSON is YAML too).
    public static func file(text: String, source: String) throws -> ConfigLayer {
        let node: Any?
        do {
            node = try Yams.load(yaml: text)
        } catch {
            throw RunConfigurationError(problems: ["config file \(source) is not valid YAML or JSON: \(error)"])
        }
        var layer = ConfigLayer(source: source)
        guard let node else { return layer }  // an empty file sets nothing
        guard let root = node as? [String: Any] else {
            throw RunConfigurationError(problems: [
                "config file \(source): the top level must be a mapping of settings, e.g. `controller: {settle: 30s}`"
            ])
        }
        var problems: [String] = []
        flatten(root, prefix: "", into: &layer.values, problems: &problems, source: source)
        if !problems.isEmpty { throw RunConfigurationError(problems: problems) }
        return layer
    }

    private static func flatten(
        _ mapping: [String: Any], prefix: String, into values: inout [String: ConfigValue], problems: inout [String],
        source: String
    ) {
        for (name, value) in mapping.sorted(by: { $0.key < $1.key }) {
            let key = prefix.isEmpty ? name : "\(prefix).\(name)"
            if let nested = value as? [String: Any] {
                if RunSettings.byKey[key] != nil {
                    problems.append("\(key) (in \(source)) must be a single value, not a mapping")
                } else if RunSettings.all.contains(where: { $0.key.hasPrefix(key + ".") }) {
                    flatten(nested, prefix: key, into: &values, problems: &problems, source: source)
                } else {
                    problems.append(RunConfigurationError.unknownKey(key, source: source))
                }
                continue
            }
            guard let setting = RunSettings.byKey[key] else {
                problems.append(RunConfigurationError.unknownKey(key, source: source))
                continue
            }
            if let array = value as? [Any] {
                guard setting.isList else {
                    problems.append("\(key) (in \(source)) takes one value, not a list")
                    continue
                }
                values[key] = .list(array.map(scalarText))
            } else if value is NSNull {
                continue  // `key:` with no value: unset
            } else {
                values[key] = .scalar(scalarText(value))
            }
        }
    }

    private static func scalarText(_ value: Any) -> String {
        switch value {
        case let text as String: return text
        case let flag as Bool: return flag ? "true" : "false"
        case let number as Int: return String(number)
        case let number as Double: return String(number)
        default: return "\(value)"
        }
    }
}
