import Foundation

/// One line of `what-changed`: events with the same object, type, reason and message collapsed
/// into one, with their counts summed and the first/last time seen.
public struct ChangeEntry: Codable, Sendable, Hashable {
    public var object: ResourceRef
    /// `Warning` or `Normal`.
    public var type: String
    public var reason: String
    /// The message; generated pod names of the object are shown as `NAME-*` when several
    /// events differing only by them were collapsed.
    public var message: String
    /// Sum of the collapsed events' counts.
    public var count: Int
    /// How many event objects were collapsed into this line.
    public var events: Int
    public var firstSeen: Date?
    public var lastSeen: Date?
    /// Reporting components.
    public var sources: [String]
    /// Event APIs the events were read from (`v1`, `events.k8s.io/v1`).
    public var apis: [String]
}

/// The changes of one root object (its top-most controller, or the object itself).
public struct ChangeGroup: Codable, Sendable, Hashable {
    public var root: ResourceRef
    public var lastSeen: Date?
    /// Sum of the Warning counts in the group.
    public var warnings: Int
    /// Newest first.
    public var entries: [ChangeEntry]
}

/// The answer of `what-changed`: what happened in the window, grouped by root object, newest first.
public struct WhatChangedResult: Codable, Sendable {
    public var now: Date
    /// Start of the window.
    public var since: Date
    public var windowSeconds: Int
    /// Namespace filter, nil for all namespaces.
    public var namespace: String?
    /// Whether Normal events were all included (`--all`), or only the notable ones.
    public var includesAllNormalEvents: Bool
    public var groups: [ChangeGroup]
    /// Event objects in the window after filtering.
    public var eventCount: Int
}

extension WhatChangedResult: TextRenderable {
    public func renderText(style: TextStyle) -> String {
        let window = Age.format(TimeInterval(windowSeconds))
        let scope = namespace.map { " in namespace \(TerminalText.clean($0))" } ?? ""
        guard !groups.isEmpty else {
            return "No warning or notable events in the last \(window)\(scope) (as of \(Self.clock(now))).\n"
                + "Widen the window with --since, or use --all to include every Normal event.\n"
        }
        var text = "Changes in the last \(window)\(scope) as of \(Self.clock(now)), newest first: "
            + "\(eventCount) event\(eventCount == 1 ? "" : "s") on \(groups.count) root object\(groups.count == 1 ? "" : "s")\n"
        for group in groups {
            let root = group.root.namespace.map { "\($0)/\(group.root.name)" } ?? group.root.name
            text += "\n" + style.paint(group.root.kind, .emphasis) + " " + TerminalText.clean(root)
                + "   last \(Age.since(group.lastSeen, now: now)) ago"
                + (group.warnings > 0 ? ", " + style.paint("\(group.warnings) warning\(group.warnings == 1 ? "" : "s")", .warn) : "") + "\n"
            var table = TextTable(headers: ["Last seen", "Type", "Object", "Reason", "Count", "First seen", "Message"])
            for entry in group.entries {
                table.append([
                    TextCell(Age.since(entry.lastSeen, now: now)),
                    TextCell(entry.type, tone: entry.type == "Warning" ? .warn : .plain),
                    TextCell(entry.object.kindAndName), TextCell(entry.reason), TextCell(String(entry.count)),
                    TextCell(Age.since(entry.firstSeen, now: now)), TextCell(TerminalText.clean(entry.message, limit: 500)),
                ])
            }
            text += table.render(style: style, indent: 2)
        }
        return text
    }

    static func clock(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
