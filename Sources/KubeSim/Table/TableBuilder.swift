import Foundation
import KubeModels

/// Builds `meta.k8s.io/v1 Table` responses, which `kubectl get` asks for: the type's columns (or a
/// CRD's printer columns, or NAME and AGE), one row per object with the object or its metadata.
enum TableBuilder {
    static func table(
        type: ResourceType, version: String, objects: [JSONValue], resourceVersion: UInt64?, continueToken: String?,
        includeObject: String?, wide: Bool, now: Date
    ) -> JSONValue {
        let columns = columns(for: type, version: version)
        // Ages (AGE, LAST SEEN, durations) are rendered from the cluster's clock, the one the
        // timestamps were written with: with a simulation at --speed N that is simulated time.
        let context = TableContext(now: now.timeIntervalSince1970)
        let rows: [JSONValue] = objects.map { object in
            var row: [String: JSONValue] = ["cells": .array(columns.map { $0.cell(object, context) })]
            switch includeObject ?? "Metadata" {
            case "None": break
            case "Object": row["object"] = object
            default:
                row["object"] = [
                    "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                    "metadata": object["metadata"] ?? .object([:]),
                ]
            }
            return .object(row)
        }
        var metadata: [String: JSONValue] = [:]
        if let resourceVersion { metadata["resourceVersion"] = .string(String(resourceVersion)) }
        if let continueToken { metadata["continue"] = .string(continueToken) }
        return [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": .object(metadata),
            "columnDefinitions": .array(columns.map { column in
                [
                    "name": .string(column.name), "type": .string(column.type), "format": .string(column.format),
                    "description": .string(column.description), "priority": .int(Int64(column.priority)),
                ]
            }),
            "rows": .array(rows),
        ]
    }

    static func columns(for type: ResourceType, version: String) -> [TableColumn] {
        if let info = type.customResource {
            let printer = info.printerColumns[version] ?? []
            var columns = [TableColumn.name]
            var hasAge = false
            for definition in printer {
                let name = definition["name"]?.stringValue ?? ""
                let columnType = definition["type"]?.stringValue ?? "string"
                let path = definition["jsonPath"]?.stringValue ?? ""
                if path == ".metadata.creationTimestamp" { hasAge = true }
                columns.append(TableColumn(
                    name, type: columnType, format: definition["format"]?.stringValue ?? "",
                    description: definition["description"]?.stringValue ?? "", priority: Int(definition["priority"]?.intValue ?? 0)
                ) { object, context in
                    let value = JSONPath.evaluate(path, in: object)
                    if columnType == "date", let text = value?.stringValue, let date = KubeTime.parse(text) {
                        return .string(Cells.humanDuration(context.now - date.timeIntervalSince1970))
                    }
                    guard let value else { return .null }
                    switch value {
                    case .array, .object: return .string(value.scalarText)
                    default: return value
                    }
                })
            }
            if !hasAge, printer.isEmpty { columns.append(.age) }
            return columns
        }
        if !type.columns.isEmpty { return type.columns }
        return [.name, .age]
    }
}

/// The tiny JSONPath subset printer columns use: `.spec.replicas`, `.status.conditions[0].type`,
/// `.status.conditions[?(@.type=="Ready")].status`.
enum JSONPath {
    static func evaluate(_ path: String, in object: JSONValue) -> JSONValue? {
        var text = path.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("{"), text.hasSuffix("}") { text = String(text.dropFirst().dropLast()) }
        var current: JSONValue? = object
        var index = text.startIndex
        while index < text.endIndex, let value = current {
            let character = text[index]
            if character == "." {
                index = text.index(after: index)
                let end = text[index...].firstIndex { $0 == "." || $0 == "[" } ?? text.endIndex
                let key = String(text[index..<end])
                current = key.isEmpty ? value : value[key]
                index = end
            } else if character == "[" {
                guard let close = text[index...].firstIndex(of: "]") else { return nil }
                let inner = String(text[text.index(after: index)..<close])
                index = text.index(after: close)
                if let position = Int(inner) {
                    current = value[position]
                } else if inner.hasPrefix("?(@."), inner.hasSuffix(")") {
                    let condition = inner.dropFirst(4).dropLast()
                    let parts = condition.components(separatedBy: "==")
                    guard parts.count == 2 else { return nil }
                    let key = parts[0].trimmingCharacters(in: .whitespaces)
                    let expected = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
                    current = value.arrayValue?.first { $0[key]?.scalarText == expected }
                } else if inner == "*" {
                    current = value
                } else {
                    return nil
                }
            } else {
                return nil
            }
        }
        return current
    }
}
