import Foundation
import KubeModels

/// Helpers for table cells: ages as `duration.HumanDuration` prints them, and common columns.
enum Cells {
    static func humanDuration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.down))
        if total < -1 { return "<invalid>" }
        if total < 0 { return "0s" }
        if total < 120 { return "\(total)s" }
        let minutes = total / 60
        if minutes < 10 {
            let rest = total % 60
            return rest == 0 ? "\(minutes)m" : "\(minutes)m\(rest)s"
        }
        if minutes < 180 { return "\(minutes)m" }
        let hours = total / 3600
        if hours < 8 {
            let rest = minutes % 60
            return rest == 0 ? "\(hours)h" : "\(hours)h\(rest)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let rest = hours % 24
            return rest == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(rest)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let rest = (hours / 24) % 365
            return rest == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(rest)d"
        }
        return "\(hours / 24 / 365)y"
    }

    static func age(_ object: JSONValue, _ context: TableContext, path: [String] = ["metadata", "creationTimestamp"]) -> JSONValue {
        guard let text = object.value(at: path)?.stringValue, let date = KubeTime.parse(text) else { return "<unknown>" }
        return .string(humanDuration(context.now - date.timeIntervalSince1970))
    }

    static func int(_ object: JSONValue, _ path: String...) -> JSONValue {
        .int(object.value(at: path)?.intValue ?? 0)
    }

    static func string(_ object: JSONValue, _ path: String..., fallback: String = "<none>") -> JSONValue {
        let text = object.value(at: path)?.scalarText ?? ""
        return .string(text.isEmpty ? fallback : text)
    }

    static func containers(_ object: JSONValue, podSpec: [String]) -> (names: String, images: String) {
        let containers = object.value(at: podSpec + ["containers"])?.arrayValue ?? []
        return (
            containers.compactMap { $0["name"]?.stringValue }.joined(separator: ","),
            containers.compactMap { $0["image"]?.stringValue }.joined(separator: ",")
        )
    }

    static func selector(_ object: JSONValue) -> JSONValue {
        guard let selector = object[path: "spec", "selector"] else { return "<none>" }
        if let labels = selector.objectValue, labels["matchLabels"] == nil, labels["matchExpressions"] == nil {
            let text = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.scalarText)" }.joined(separator: ",")
            return .string(text.isEmpty ? "<none>" : text)
        }
        let parsed = try? selector.decode(as: LabelSelector.self)
        let text = parsed?.queryString ?? ""
        return .string(text.isEmpty ? "<none>" : text)
    }
}

extension TableColumn {
    static let name = TableColumn("Name", format: "name", description: "Name must be unique within a namespace.") { object, _ in
        .string(object.name)
    }
    static let age = TableColumn("Age", type: "string", description: "CreationTimestamp is a timestamp representing the server time when this object was created.") { object, context in
        Cells.age(object, context)
    }
}
