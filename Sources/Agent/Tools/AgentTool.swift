import Foundation
import KubeModels

/// One tool the agent (and the MCP server) offers: its schema, the argument that names its target
/// in policy action strings, and the function that answers it as text.
public struct AgentTool: Sendable {
    public var name: String
    public var description: String
    public var parameters: JSONValue
    /// The argument whose value completes the action string `tool:<name>:<value>`; nil for tools
    /// without one (the action string then ends with a colon).
    public var significantArgument: String?
    /// False only for `propose_fix`, the tool that writes (a proposal).
    public var readOnly: Bool
    let run: @Sendable (JSONValue, ToolEnvironment) async throws -> String

    /// A tool whose arguments decode into `A`; its schema is generated from `A`.
    public static func make<A: ToolArguments>(
        _ name: String, _ arguments: A.Type, significant: String?, readOnly: Bool = true, description: String,
        run: @escaping @Sendable (A, ToolEnvironment) async throws -> String
    ) -> AgentTool {
        AgentTool(
            name: name, description: description, parameters: A.schema, significantArgument: significant,
            readOnly: readOnly,
            run: { raw, environment in
                let decoded: A
                do {
                    decoded = try raw.decode(as: A.self)
                } catch {
                    throw AgentToolError.badArguments(
                        "\(name): the arguments do not match the schema (\(AgentToolError.describe(error))); expected \(A.schema.jsonString())")
                }
                return try await run(decoded, environment)
            })
    }

    public var definition: ToolDefinition { ToolDefinition(name: name, description: description, parameters: parameters) }

    /// `tool:<name>:<first significant argument>`.
    public func actionString(arguments: JSONValue) -> String {
        "tool:\(name):\(significantValue(arguments) ?? "")"
    }

    func significantValue(_ arguments: JSONValue) -> String? {
        guard let key = significantArgument, let value = arguments[key] else { return nil }
        switch value {
        case .string(let text): return text.trimmingCharacters(in: .whitespacesAndNewlines)
        case .int(let number): return String(number)
        case .bool(let flag): return String(flag)
        default: return nil
        }
    }
}

/// Why a tool call failed before or while running.
public enum AgentToolError: Error, Sendable, CustomStringConvertible {
    case badArguments(String)
    case unavailable(String)

    public var description: String {
        switch self {
        case .badArguments(let text), .unavailable(let text): return text
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default: return String(describing: error)
        }
    }
}
