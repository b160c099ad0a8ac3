import Foundation
import Yams

/// A YAML node together with the file it came from and its field path (`users[0].user.exec`), so
/// every type or presence error can name exactly where the problem is.
struct YAMLField {
    let node: Node
    let path: String
    let file: String

    func error(_ problem: String) -> KubeConfigError {
        .invalidField(file: file, field: path, problem: problem)
    }

    var isNull: Bool {
        node.null != nil
    }

    func mapping() throws -> Node.Mapping {
        guard let mapping = node.mapping else { throw error("expected a mapping") }
        return mapping
    }

    /// The child at `key`, or nil when it is absent or null.
    func child(_ key: String) throws -> YAMLField? {
        guard let value = try mapping()[key] else { return nil }
        let field = YAMLField(node: value, path: path.isEmpty ? key : "\(path).\(key)", file: file)
        return field.isNull ? nil : field
    }

    /// The child at `key`, which must be present.
    func required(_ key: String) throws -> YAMLField {
        guard let field = try child(key) else { throw error("missing \"\(key)\"") }
        return field
    }

    func scalarString() throws -> String {
        guard let scalar = node.scalar else { throw error("expected a string") }
        return scalar.string
    }

    func string(_ key: String) throws -> String? {
        try child(key)?.scalarString()
    }

    /// A string that must be present and non-empty.
    func requiredString(_ key: String) throws -> String {
        let value = try required(key).scalarString()
        guard !value.isEmpty else { throw error("missing \"\(key)\"") }
        return value
    }

    func bool(_ key: String) throws -> Bool? {
        guard let field = try child(key) else { return nil }
        switch try field.scalarString().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off", "": return false
        default: throw field.error("expected true or false")
        }
    }

    /// Base64 data (the `*-data` fields).
    func base64(_ key: String) throws -> Data? {
        guard let field = try child(key) else { return nil }
        let text = try field.scalarString().filter { !$0.isWhitespace }
        guard !text.isEmpty else { return nil }
        guard let data = Data(base64Encoded: text) else { throw field.error("not valid base64") }
        return data
    }

    func sequence(_ key: String) throws -> [YAMLField] {
        guard let field = try child(key) else { return [] }
        guard let sequence = field.node.sequence else { throw field.error("expected a list") }
        return sequence.enumerated().map { index, node in
            YAMLField(node: node, path: "\(field.path)[\(index)]", file: file)
        }
    }

    func stringList(_ key: String) throws -> [String] {
        try sequence(key).map { try $0.scalarString() }
    }

    /// A string-to-string map (e.g. auth-provider config).
    func stringMap(_ key: String) throws -> [String: String] {
        guard let field = try child(key) else { return [:] }
        var result: [String: String] = [:]
        for (keyNode, valueNode) in try field.mapping() {
            guard let name = keyNode.scalar?.string else { throw field.error("expected string keys") }
            result[name] = valueNode.scalar?.string ?? ""
        }
        return result
    }
}
