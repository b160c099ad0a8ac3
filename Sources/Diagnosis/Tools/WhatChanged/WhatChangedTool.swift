import ClusterState
import Foundation
import KubeModels

/// `what-changed [--since 15m]`: the failure-class events (Warning) of both event APIs, plus
/// the Normal events that record a change of state (scaling, node status, evictions), inside the
/// window before `state.now`, collapsed and grouped by root object, newest first.
public enum WhatChangedTool {
    /// The kinds `what-changed` reads (events, and the owner graph to find roots).
    public static let kinds: [KindRequirement] = KindRequirement.allEvents + KindRequirement.workloads + [.nodes, .services]
    /// Default window: 15 minutes.
    public static let defaultWindow: TimeInterval = 15 * 60
    /// Normal events kept by default: they record a change an SRE asks about.
    public static let notableNormalReasons: Set<String> = [
        "ScalingReplicaSet", "SuccessfulRescale", "NodeNotReady", "NodeNotSchedulable", "NodeSchedulable", "RemovingNode",
        "DeletingNode", "RegisteredNode", "Rebooted", "TaintManagerEviction", "Evicted", "Preempted", "Preempting",
        "NodeHasDiskPressure", "NodeHasInsufficientMemory", "NodeHasInsufficientPID", "SuspendedJob", "SawCompletedJob",
    ]

    /// The changes within `window` seconds before `state.now`; `namespace` nil for all namespaces;
    /// `includeAllNormal` keeps every Normal event, not only the notable ones.
    public static func whatChanged(
        in state: ClusterState, window: TimeInterval = defaultWindow, namespace: String? = nil, includeAllNormal: Bool = false
    ) -> WhatChangedResult {
        var buckets: [CollapseKey: [NormalizedEvent]] = [:]
        var eventCount = 0
        for event in state.events {
            guard event.isWarning || includeAllNormal || notableNormalReasons.contains(event.reason),
                let last = event.lastSeen ?? event.firstSeen, state.now.timeIntervalSince(last) <= window,
                let subject = ClusterState.subjectKey(of: event)
            else { continue }
            if let namespace, subject.namespace != namespace { continue }
            eventCount += 1
            let message = MessageMasking.mask(event.plainMessage, generatedFrom: subject.name)
            buckets[CollapseKey(object: subject, type: event.type, reason: event.reason, message: message), default: []].append(event)
        }
        let roots = RootResolver(state: state)
        var groups: [ObjectKey: [ChangeEntry]] = [:]
        for (key, events) in buckets {
            groups[roots.root(of: key.object), default: []].append(entry(key, events))
        }
        let result = groups.map { root, entries -> ChangeGroup in
            let sorted = entries.sorted(by: newestFirst)
            return ChangeGroup(
                root: ResourceRef(root), lastSeen: sorted.first?.lastSeen,
                warnings: entries.filter { $0.type == "Warning" }.reduce(0) { $0 + $1.count }, entries: sorted)
        }.sorted { lhs, rhs in
            let left = lhs.lastSeen ?? .distantPast
            let right = rhs.lastSeen ?? .distantPast
            return left != right ? left > right : lhs.root < rhs.root
        }
        return WhatChangedResult(
            now: state.now, since: state.now.addingTimeInterval(-window), windowSeconds: Int(window.rounded()),
            namespace: namespace, includesAllNormalEvents: includeAllNormal, groups: result, eventCount: eventCount)
    }

    private static func entry(_ key: CollapseKey, _ events: [NormalizedEvent]) -> ChangeEntry {
        let distinctMessages = Set(events.map(\.plainMessage))
        let newest = events.max { ($0.lastSeen ?? .distantPast) < ($1.lastSeen ?? .distantPast) }
        return ChangeEntry(
            object: ResourceRef(key.object), type: key.type, reason: key.reason,
            message: distinctMessages.count == 1 ? (newest?.plainMessage ?? key.message) : key.message,
            count: events.reduce(0) { $0 + $1.count }, events: events.count,
            firstSeen: events.compactMap { $0.firstSeen ?? $0.lastSeen }.min(),
            lastSeen: events.compactMap { $0.lastSeen ?? $0.firstSeen }.max(),
            sources: Array(Set(events.map(\.source).filter { !$0.isEmpty })).sorted(),
            apis: Array(Set(events.map(\.api))).sorted())
    }

    private static func newestFirst(_ lhs: ChangeEntry, _ rhs: ChangeEntry) -> Bool {
        let left = lhs.lastSeen ?? .distantPast
        let right = rhs.lastSeen ?? .distantPast
        return left != right ? left > right : (lhs.object, lhs.reason) < (rhs.object, rhs.reason)
    }

    struct CollapseKey: Hashable {
        var object: ObjectKey
        var type: String
        var reason: String
        var message: String
    }
}

/// Replaces the generated names of an object's children in a message (`web-84dwh-4phfq` for
/// ReplicaSet `web-84dwh`) by `web-84dwh-*`, so that events differing only by them collapse.
enum MessageMasking {
    static func mask(_ message: String, generatedFrom name: String) -> String {
        guard !name.isEmpty, message.contains(name + "-"),
            let regex = try? NSRegularExpression(pattern: NSRegularExpression.escapedPattern(for: name) + "-[a-z0-9]{5}(?![a-z0-9-])")
        else { return message }
        let range = NSRange(message.startIndex..<message.endIndex, in: message)
        return regex.stringByReplacingMatches(in: message, range: range, withTemplate: NSRegularExpression.escapedTemplate(for: name) + "-*")
    }
}
