import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The meaning of a piece of text output, which decides its colour when colour is on.
public enum Tone: String, Sendable, Codable {
    case plain, good, warn, bad, dim, emphasis
}

/// Whether text output is coloured: only when standard output is a terminal and `NO_COLOR`
/// is unset (https://no-color.org), so pipes, files and CI logs get plain text.
public struct TextStyle: Sendable, Equatable {
    /// Whether ANSI colours are written.
    public var colors: Bool

    public init(colors: Bool) { self.colors = colors }

    /// No colour: the style for tests, pipes and JSON-embedded text.
    public static let plain = TextStyle(colors: false)

    /// Colour when `isatty(stdout)` and `NO_COLOR` is absent or empty.
    public static func forStandardOutput(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> TextStyle {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return TextStyle(colors: !noColor && isatty(STDOUT_FILENO) == 1)
    }

    /// The text wrapped in the tone's colour (unchanged when colour is off or the tone is plain).
    public func paint(_ text: String, _ tone: Tone) -> String {
        guard colors, let code = Self.code(tone), !text.isEmpty else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    private static func code(_ tone: Tone) -> String? {
        switch tone {
        case .plain: return nil
        case .good: return "32"
        case .warn: return "33"
        case .bad: return "31"
        case .dim: return "2"
        case .emphasis: return "1"
        }
    }
}
