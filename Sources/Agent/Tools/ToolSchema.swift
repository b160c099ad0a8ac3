import KubeModels

/// The arguments of an agent tool: a Decodable value whose JSON schema is generated from its
/// stored properties (read with `Mirror` from `example`), so the schema the model sees and the
/// type the call decodes into cannot drift apart.
public protocol ToolArguments: Decodable, Sendable {
    /// Any value; only the property names and types are read. Optional properties are not required.
    static var example: Self { get }
    /// A description of each property, shown to the model.
    static var descriptions: [String: String] { get }
    /// Allowed values of string properties, where the set is closed.
    static var choices: [String: [String]] { get }
}

extension ToolArguments {
    public static var choices: [String: [String]] { [:] }

    /// The JSON schema of the arguments (`type: object`, properties, required,
    /// `additionalProperties: false`).
    public static var schema: JSONValue {
        var properties: [String: JSONValue] = [:]
        var required: [JSONValue] = []
        for child in Mirror(reflecting: example).children {
            guard let label = child.label else { continue }
            let (type, optional) = ToolSchemaType.of(child.value)
            var property: [String: JSONValue] = type
            if let text = descriptions[label] { property["description"] = .string(text) }
            if let values = choices[label] { property["enum"] = .array(values.map(JSONValue.string)) }
            properties[label] = .object(property)
            if !optional { required.append(.string(label)) }
        }
        return [
            "type": "object", "properties": .object(properties),
            "required": .array(required.sorted { ($0.stringValue ?? "") < ($1.stringValue ?? "") }),
            "additionalProperties": false,
        ]
    }
}

/// Maps Swift property types to JSON schema types.
enum ToolSchemaType {
    static func of(_ value: Any) -> (schema: [String: JSONValue], optional: Bool) {
        let type = Swift.type(of: value)
        let stringArray: [String: JSONValue] = ["type": "array", "items": ["type": "string"]]
        if type == String.self { return (["type": "string"], false) }
        if type == Int.self { return (["type": "integer"], false) }
        if type == Bool.self { return (["type": "boolean"], false) }
        if type == Double.self { return (["type": "number"], false) }
        if type == [String].self { return (stringArray, false) }
        if type == String?.self { return (["type": "string"], true) }
        if type == Int?.self { return (["type": "integer"], true) }
        if type == Bool?.self { return (["type": "boolean"], true) }
        if type == Double?.self { return (["type": "number"], true) }
        if type == [String]?.self { return (stringArray, true) }
        return (["type": "string"], Mirror(reflecting: value).displayStyle == .optional)
    }
}

/// No arguments.
public struct NoArguments: ToolArguments {
    public static let example = NoArguments()
    public static let descriptions: [String: String] = [:]
}
