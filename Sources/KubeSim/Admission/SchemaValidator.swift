import Foundation
import KubeModels

/// Validates custom resources against a CRD's structural OpenAPI v3 schema (types, required,
/// enum, minimum/maximum, lengths, pattern, items) and finds or prunes undeclared fields, with the
/// messages the real apiextensions server prints.
enum SchemaValidator {
    static func validate(_ value: JSONValue, schema: JSONValue, path: String) -> [FieldError] {
        var errors: [FieldError] = []
        let field = path.isEmpty ? "<root>" : path
        if value.isNull {
            if schema["nullable"]?.boolValue == true { return [] }
            // null for a typed field is reported as a type error, except at the root.
            if path.isEmpty { return [] }
        }
        if schema["x-kubernetes-int-or-string"]?.boolValue == true {
            switch value {
            case .int, .string: break
            case .double(let number) where number == number.rounded(): break
            default:
                errors.append(FieldError(.invalid, field: field, value: render(value), detail: "\(field) in body must be of type integer,string: \(render(value))"))
            }
            return errors
        }
        if let type = schema["type"]?.stringValue, !typeMatches(value, type) {
            errors.append(FieldError(.typeInvalid, field: field, value: render(value), detail: "\(field) in body must be of type \(type): \(renderType(value))"))
            return errors
        }
        if let allowed = schema["enum"]?.arrayValue, !allowed.isEmpty, !allowed.contains(where: { equal($0, value) }) {
            let list = allowed.map(render).joined(separator: ", ")
            errors.append(FieldError(.notSupported, field: field, value: render(value), detail: "supported values: \(list)"))
        }
        switch value {
        case .int, .double:
            let number = value.doubleValue ?? 0
            if let maximum = schema["maximum"]?.doubleValue {
                let exclusive = schema["exclusiveMaximum"]?.boolValue == true
                if exclusive ? number >= maximum : number > maximum {
                    errors.append(FieldError(.invalid, field: field, value: render(value), detail: "\(field) in body should be less than \(exclusive ? "" : "or equal to ")\(render(schema["maximum"] ?? .null))"))
                }
            }
            if let minimum = schema["minimum"]?.doubleValue {
                let exclusive = schema["exclusiveMinimum"]?.boolValue == true
                if exclusive ? number <= minimum : number < minimum {
                    errors.append(FieldError(.invalid, field: field, value: render(value), detail: "\(field) in body should be greater than \(exclusive ? "" : "or equal to ")\(render(schema["minimum"] ?? .null))"))
                }
            }
        case .string(let text):
            let length = text.count
            if let maxLength = schema["maxLength"]?.intValue, length > maxLength {
                errors.append(FieldError(.tooLong, field: field, value: render(value), detail: "may not be more than \(maxLength) bytes"))
            }
            if let minLength = schema["minLength"]?.intValue, length < minLength {
                errors.append(FieldError(.invalid, field: field, value: render(value), detail: "\(field) in body should be at least \(minLength) chars long"))
            }
            if let pattern = schema["pattern"]?.stringValue, let regex = try? NSRegularExpression(pattern: pattern) {
                let range = NSRange(text.startIndex..<text.endIndex, in: text)
                if regex.firstMatch(in: text, range: range) == nil {
                    errors.append(FieldError(.invalid, field: field, value: render(value), detail: "\(field) in body should match '\(pattern)'"))
                }
            }
        case .array(let items):
            if let maxItems = schema["maxItems"]?.intValue, items.count > maxItems {
                errors.append(FieldError(.tooMany, field: field, value: String(items.count), detail: "must have at most \(maxItems) items"))
            }
            if let minItems = schema["minItems"]?.intValue, items.count < minItems {
                errors.append(FieldError(.invalid, field: field, value: String(items.count), detail: "\(field) in body should have at least \(minItems) items"))
            }
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() {
                    errors += validate(item, schema: itemSchema, path: "\(path)[\(index)]")
                }
            }
        case .object(let fields):
            let properties = schema["properties"]?.objectValue ?? [:]
            for required in (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue).sorted() where fields[required] == nil {
                errors.append(FieldError(.required, field: join(path, required)))
            }
            for (key, child) in fields.sorted(by: { $0.key < $1.key }) {
                if let childSchema = properties[key] {
                    errors += validate(child, schema: childSchema, path: join(path, key))
                } else if let additional = schema["additionalProperties"], additional.objectValue != nil {
                    errors += validate(child, schema: additional, path: join(path, key))
                }
            }
            if let maxProperties = schema["maxProperties"]?.intValue, fields.count > maxProperties {
                errors.append(FieldError(.tooMany, field: field, value: String(fields.count), detail: "must have at most \(maxProperties) items"))
            }
        default:
            break
        }
        return errors
    }

    /// Paths of fields the schema does not declare (for `fieldValidation=Strict`).
    static func unknownFields(_ value: JSONValue, schema: JSONValue, path: String = "") -> [String] {
        if schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true, schema["properties"] == nil { return [] }
        switch value {
        case .object(let fields):
            if path.isEmpty || schema["type"]?.stringValue == "object" || schema["properties"] != nil {
                let properties = schema["properties"]?.objectValue ?? [:]
                let additional = schema["additionalProperties"]
                var result: [String] = []
                for (key, child) in fields.sorted(by: { $0.key < $1.key }) {
                    if path.isEmpty, ["apiVersion", "kind", "metadata"].contains(key) { continue }
                    if let childSchema = properties[key] {
                        result += unknownFields(child, schema: childSchema, path: join(path, key))
                    } else if let additional, additional.objectValue != nil {
                        result += unknownFields(child, schema: additional, path: join(path, key))
                    } else if additional?.boolValue == true || schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true {
                        continue
                    } else {
                        result.append(join(path, key))
                    }
                }
                return result
            }
            return []
        case .array(let items):
            guard let itemSchema = schema["items"] else { return [] }
            return items.enumerated().flatMap { unknownFields($0.element, schema: itemSchema, path: "\(path)[\($0.offset)]") }
        default:
            return []
        }
    }

    /// Removes undeclared fields, as the API server prunes custom resources.
    static func prune(_ value: JSONValue, schema: JSONValue, isRoot: Bool = true) -> JSONValue {
        if schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true, schema["properties"] == nil { return value }
        switch value {
        case .object(let fields):
            let properties = schema["properties"]?.objectValue ?? [:]
            let additional = schema["additionalProperties"]
            var out: [String: JSONValue] = [:]
            for (key, child) in fields {
                if isRoot, ["apiVersion", "kind", "metadata"].contains(key) {
                    out[key] = child
                } else if let childSchema = properties[key] {
                    out[key] = prune(child, schema: childSchema, isRoot: false)
                } else if let additional, additional.objectValue != nil {
                    out[key] = prune(child, schema: additional, isRoot: false)
                } else if additional?.boolValue == true || schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true {
                    out[key] = child
                }
            }
            return .object(out)
        case .array(let items):
            guard let itemSchema = schema["items"] else { return value }
            return .array(items.map { prune($0, schema: itemSchema, isRoot: false) })
        default:
            return value
        }
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private static func typeMatches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("integer", .int): return true
        case ("integer", .double(let number)): return number == number.rounded()
        case ("number", .int), ("number", .double): return true
        case (_, .null): return false
        default: return false
        }
    }

    private static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        if let left = lhs.doubleValue, let right = rhs.doubleValue { return left == right }
        return lhs == rhs
    }

    static func render(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return "\"\(text)\""
        case .null: return "null"
        default: return value.scalarText
        }
    }

    private static func renderType(_ value: JSONValue) -> String {
        switch value {
        case .string: return "\"string\""
        case .int: return "\"integer\""
        case .double: return "\"number\""
        case .bool: return "\"boolean\""
        case .array: return "\"array\""
        case .object: return "\"object\""
        case .null: return "\"null\""
        }
    }
}
