import Diagnosis
import Foundation
import Yams

/// Writes a command's result in the format chosen with `-o`: kubectl-like text, JSON or YAML.
enum OutputWriter {
    static func write<T: Encodable>(_ value: T, format: OutputFormat, text: (TextStyle) -> String) throws {
        switch format {
        case .text:
            print(text(TextStyle.forStandardOutput()), terminator: "")
        case .json:
            print(try ResultEncoding.json(value), terminator: "")
        case .yaml:
            print(try yaml(value), terminator: "")
        }
    }

    /// YAML from the same JSON encoding, so every format carries the same fields.
    static func yaml<T: Encodable>(_ value: T) throws -> String {
        let json = try ResultEncoding.makeJSONEncoder(pretty: false).encode(value)
        let object = try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])
        return try Yams.dump(object: object, sortKeys: true)
    }
}
