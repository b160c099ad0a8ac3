import Foundation

/// A tool result that can print itself as human-readable text (the `-o text` form).
public protocol TextRenderable {
    /// The result as kubectl-like text, ending with a newline.
    func renderText(style: TextStyle) -> String
}

/// JSON encoding shared by every tool result (`-o json`): sorted keys, pretty printed,
/// ISO 8601 dates, so that output is stable for scripts, tests and the agent.
public enum ResultEncoding {
    /// The encoder every JSON and YAML rendering uses.
    public static func makeJSONEncoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// The value as JSON text (with a trailing newline when pretty).
    public static func json<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
        let data = try makeJSONEncoder(pretty: pretty).encode(value)
        return String(decoding: data, as: UTF8.self) + (pretty ? "\n" : "")
    }
}
