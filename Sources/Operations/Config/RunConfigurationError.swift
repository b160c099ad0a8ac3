/// Why `kars-sre run` refuses its configuration: every problem found, each naming the setting,
/// where its value came from and what to do.
public struct RunConfigurationError: Error, CustomStringConvertible, Equatable {
    public var problems: [String]

    public init(problems: [String]) {
        self.problems = problems
    }

    public var description: String {
        problems.count == 1
            ? "invalid configuration: \(problems[0])"
            : "invalid configuration (\(problems.count) problems):\n"
                + problems.map { "  - \($0)" }.joined(separator: "\n")
    }

    static func unknownKey(_ key: String, source: String) -> String {
        let hint = RunSettings.suggestion(for: key).map { " (did you mean \($0)?)" } ?? ""
        return "unknown setting \(key) in \(source)\(hint); the settings are listed by `kars-sre run --help-settings`"
    }
}
