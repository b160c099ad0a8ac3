import Foundation
import KubeModels

/// Who reports an event: the `source` of a core/v1 Event (`component`, `host`).
public struct EventSource: Sendable, Hashable {
    public var component: String
    public var host: String?

    public init(component: String, host: String? = nil) {
        self.component = component
        self.host = host
    }
}

/// What one recorded event turns into: a new Event object, or an update of an existing one.
enum EventWrite: Sendable {
    case create(JSONValue)
    /// A merge patch of an existing event; `fallback` is created when the event is gone.
    case patch(namespace: String, name: String, body: JSONValue, fallback: JSONValue)
}

/// The event recorder of client-go, as the controllers and the kubelet use it: the
/// `EventCorrelator` in front of the API.
///
/// - aggregation: similar events (same source, object, type and reason) with more than 9 distinct
///   messages within 10 minutes become one event whose message starts with
///   `(combined from similar events): `;
/// - deduplication: an event identical to one already written bumps its `count` and
///   `lastTimestamp` instead of creating another;
/// - spam filter: per source, object and message a token bucket of 25 writes refilled one per
///   5 minutes; dropped writes still count, so the next write carries the true count.
///
/// Events of the newer `events.k8s.io` recorder (the scheduler) get `eventTime`, and `series`
/// (count and last observed time) when they repeat.
struct EventRecorder {
    static let maxSimilarMessages = 10
    static let aggregationWindow: Double = 600
    static let spamBurst: Double = 25
    static let spamRefillSeconds: Double = 300
    static let combinedPrefix = "(combined from similar events): "

    private struct AggregateRecord {
        var messages: [String] = []
        var last: Date = .distantPast
    }

    private struct LoggedEvent {
        var namespace: String
        var name: String
        var count: Int64
        var first: Date
        var object: JSONValue
    }

    private struct Bucket {
        var tokens: Double
        var last: Date
    }

    private var aggregates: [String: AggregateRecord] = [:]
    private var logged: [String: LoggedEvent] = [:]
    private var buckets: [String: Bucket] = [:]
    private var lastNanos: Int64 = 0
    /// uid of the involved object → keys of its entries in the maps above.
    private var keysByUID: [String: Set<String>] = [:]
    /// Events written (created or patched) and dropped by the spam filter.
    private(set) var written = 0
    private(set) var dropped = 0

    /// A unique `NAME.HEXNANOS` event name, as the recorder derives it from the time.
    private mutating func eventName(for objectName: String, now: Date) -> String {
        var nanos = Int64(now.timeIntervalSince1970 * 1_000_000_000)
        if nanos <= lastNanos { nanos = lastNanos + 1 }
        lastNanos = nanos
        return "\(objectName).\(String(UInt64(bitPattern: nanos), radix: 16))"
    }

    /// Correlates one core/v1 event; nil when the spam filter drops it.
    mutating func record(
        reference: JSONValue, type: String, reason: String, message: String, source: EventSource, now: Date
    ) -> EventWrite? {
        let objectName = reference["name"]?.stringValue ?? ""
        let namespace = reference["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let identity = [
            source.component, source.host ?? "", reference["kind"]?.stringValue ?? "", namespace, objectName,
            reference["uid"]?.stringValue ?? "", reference["apiVersion"]?.stringValue ?? "", type, reason,
        ].joined(separator: "\u{1}")

        // Aggregation of similar events.
        var record = aggregates[identity] ?? AggregateRecord()
        if now.timeIntervalSince(record.last) > Self.aggregationWindow { record = AggregateRecord() }
        if !record.messages.contains(message) { record.messages.append(message) }
        record.last = now
        var shownMessage = message
        var cacheKey = identity + "\u{1}" + message
        if record.messages.count >= Self.maxSimilarMessages {
            record.messages.removeFirst()
            shownMessage = Self.combinedPrefix + message
            cacheKey = identity
        }
        aggregates[identity] = record
        if let uid = reference["uid"]?.stringValue, !uid.isEmpty {
            keysByUID[uid, default: []].formUnion([identity, cacheKey, identity + "\u{1}" + shownMessage])
        }

        // Deduplication (count and lastTimestamp).
        let timestamp = SimObjects.time(now)
        var write: EventWrite
        if var existing = logged[cacheKey] {
            existing.count += 1
            existing.object["count"] = .int(existing.count)
            existing.object["lastTimestamp"] = timestamp
            existing.object["message"] = .string(shownMessage)
            logged[cacheKey] = existing
            write = .patch(
                namespace: existing.namespace, name: existing.name,
                body: ["count": .int(existing.count), "lastTimestamp": timestamp, "message": .string(shownMessage)],
                fallback: existing.object)
        } else {
            let name = eventName(for: objectName, now: now)
            var sourceObject: [String: JSONValue] = ["component": .string(source.component)]
            if let host = source.host { sourceObject["host"] = .string(host) }
            let event: JSONValue = [
                "apiVersion": "v1", "kind": "Event",
                "metadata": ["name": .string(name), "namespace": .string(namespace)],
                "involvedObject": reference, "reason": .string(reason), "message": .string(shownMessage),
                "source": .object(sourceObject), "firstTimestamp": timestamp, "lastTimestamp": timestamp,
                "count": 1, "type": .string(type), "eventTime": .null,
                "reportingComponent": .string(source.component), "reportingInstance": .string(source.host ?? ""),
            ]
            logged[cacheKey] = LoggedEvent(namespace: namespace, name: name, count: 1, first: now, object: event)
            write = .create(event)
        }

        // Spam filter.
        let spamKey = identity + "\u{1}" + shownMessage
        var bucket = buckets[spamKey] ?? Bucket(tokens: Self.spamBurst, last: now)
        bucket.tokens = min(Self.spamBurst, bucket.tokens + max(0, now.timeIntervalSince(bucket.last)) / Self.spamRefillSeconds)
        bucket.last = now
        guard bucket.tokens >= 1 else {
            buckets[spamKey] = bucket
            dropped += 1
            return nil
        }
        bucket.tokens -= 1
        buckets[spamKey] = bucket
        written += 1
        return write
    }

    /// Records an `events.k8s.io/v1`-style event (the scheduler's): `eventTime` on the first
    /// occurrence, then `series` with the count and last observed time.
    mutating func recordSeries(
        reference: JSONValue, type: String, reason: String, message: String, controller: String, instance: String,
        action: String, now: Date
    ) -> EventWrite? {
        let objectName = reference["name"]?.stringValue ?? ""
        let namespace = reference["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        let key = [
            controller, instance, reference["kind"]?.stringValue ?? "", namespace, objectName,
            reference["uid"]?.stringValue ?? "", type, reason, action, message,
        ].joined(separator: "\u{1}")
        let micro = JSONValue.string(KubeTime.formatMicro(now))
        if let uid = reference["uid"]?.stringValue, !uid.isEmpty { keysByUID[uid, default: []].insert(key) }
        if var existing = logged[key] {
            existing.count += 1
            let series: JSONValue = ["count": .int(existing.count), "lastObservedTime": micro]
            existing.object["series"] = series
            logged[key] = existing
            written += 1
            return .patch(namespace: existing.namespace, name: existing.name, body: ["series": series], fallback: existing.object)
        }
        let name = eventName(for: objectName, now: now)
        let event: JSONValue = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "involvedObject": reference, "reason": .string(reason), "message": .string(message),
            "source": .object([:]), "type": .string(type), "eventTime": micro, "action": .string(action),
            "reportingComponent": .string(controller), "reportingInstance": .string(instance),
        ]
        logged[key] = LoggedEvent(namespace: namespace, name: name, count: 1, first: now, object: event)
        written += 1
        return .create(event)
    }

    /// Forgets everything about events of an object that is gone (its events are garbage too).
    mutating func forget(uid: String) {
        guard let keys = keysByUID.removeValue(forKey: uid) else { return }
        for key in keys {
            logged[key] = nil
            aggregates[key] = nil
            buckets[key] = nil
        }
    }
}
