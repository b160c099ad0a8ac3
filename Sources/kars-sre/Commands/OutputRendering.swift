import ArgumentParser
import Diagnosis
import Foundation
import KubeModels
import Yams

/// Renders tool results for `-o text|json|yaml`. YAML is built from the same JSON encoding as
/// `-o json` (sorted keys, ISO 8601 dates), through typed nodes so that integers stay integers and
/// strings that look like numbers or booleans stay quoted strings.
enum OutputRendering {
    /// Prints the result in the chosen format; text uses the terminal's colour policy.
    static func write<T: Encodable & TextRenderable>(_ value: T, format: OutputFormat) throws {
        try write(value, format: format, text: value.renderText(style:))
    }

    /// Prints the value in the chosen format, with a custom text rendering.
    static func write<T: Encodable>(_ value: T, format: OutputFormat, text: (TextStyle) -> String) throws {
        switch format {
        case .text: print(text(TextStyle.forStandardOutput()), terminator: "")
        case .json: print(try ResultEncoding.json(value), terminator: "")
        case .yaml: print(try yaml(value), terminator: "")
        }
    }

    /// The value as a YAML document.
    static func yaml<T: Encodable>(_ value: T) throws -> String {
        let data = try ResultEncoding.makeJSONEncoder(pretty: false).encode(value)
        let tree = try JSONDecoder().decode(JSONValue.self, from: data)
        return try Yams.serialize(node: node(tree), sortKeys: true)
    }

    static func node(_ value: JSONValue) -> Yams.Node {
        switch value {
        case .null: return .scalar(.init("null", Tag(.null)))
        case .bool(let flag): return .scalar(.init(flag ? "true" : "false", Tag(.bool)))
        case .int(let number): return .scalar(.init(String(number), Tag(.int)))
        case .double(let number): return .scalar(.init(String(number), Tag(.float)))
        case .string(let text): return .scalar(string(text))
        case .array(let items): return .sequence(.init(items.map(node)))
        case .object(let fields):
            return .mapping(.init(fields.sorted { $0.key < $1.key }.map { (Yams.Node.scalar(string($0.key)), node($0.value)) }))
        }
    }

    /// A string scalar, double-quoted when its plain form would read back as another type
    /// (`true`, `12`, `null`, a timestamp).
    static func string(_ text: String) -> Yams.Node.Scalar {
        let plain = Yams.Node.Scalar(text)
        let needsQuotes = Resolver.default.resolveTag(of: .scalar(plain)) != .str
        return Yams.Node.Scalar(text, Tag(.str), needsQuotes ? .doubleQuoted : .any)
    }
}
