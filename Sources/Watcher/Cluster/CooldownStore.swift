import Foundation
import KubeAPI
import KubeModels

/// Where the watcher keeps when each finding without an action was last announced, so that a
/// restarted watcher does not announce it again within the cool-down. The seam between the engine
/// and the API server (findings with an action need none: their KarsSREAction is the record).
public protocol CooldownStore: Sendable {
    /// Every remembered announcement: cool-down key to when it was sent.
    func load() async throws -> [String: Date]
    /// Records announcements and forgets keys whose cool-down is over.
    func save(_ announced: [String: Date], forget: Set<String>) async throws
}

/// `CooldownStore` in a ConfigMap of the KarsSREAction namespace (`kars-sre-watcher-state` by
/// default), one data key per finding (`Class.namespace.object`, readable with `kubectl get cm -o
/// yaml`), the value the RFC 3339 time it was announced. Written by JSON merge patch, so two
/// watchers (or a restart racing an old process) never overwrite each other's keys; created on first
/// use. Needs `get` and `patch` on that ConfigMap and `create` on ConfigMaps in the namespace.
public struct ConfigMapCooldownStore: CooldownStore {
    public let client: KubeClient
    public let namespace: String
    public let name: String

    public init(client: KubeClient, namespace: String, name: String) {
        self.client = client
        self.namespace = namespace
        self.name = name
    }

    public func load() async throws -> [String: Date] {
        let object: JSONValue
        do {
            object = try await client.get(.configMaps, name: name, namespace: namespace)
        } catch let error as KubeAPIError where error.isNotFound {
            return [:]
        }
        var announced: [String: Date] = [:]
        for (_, value) in object["data"]?.objectValue ?? [:] {
            // The value carries the full key too: data keys are a lossy, length-capped spelling.
            guard let text = value.stringValue, let entry = Self.entry(text) else { continue }
            announced[entry.key] = max(announced[entry.key] ?? entry.at, entry.at)
        }
        return announced
    }

    public func save(_ announced: [String: Date], forget: Set<String>) async throws {
        var data: [String: JSONValue] = [:]
        for key in forget { data[Self.dataKey(key)] = .null }
        for (key, at) in announced { data[Self.dataKey(key)] = .string("\(KubeTime.format(at)) \(key)") }
        guard !data.isEmpty else { return }
        do {
            _ = try await client.patch(
                .configMaps, name: name, namespace: namespace, patch: ["data": .object(data)], type: .merge)
        } catch let error as KubeAPIError where error.isNotFound {
            let fresh = data.filter { $0.value != .null }
            let object: JSONValue = [
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": [
                    "name": .string(name), "namespace": .string(namespace),
                    "labels": ["app.kubernetes.io/name": "kars-sre", "app.kubernetes.io/component": "watcher"],
                ],
                "data": .object(fresh),
            ]
            do {
                _ = try await client.create(.configMaps, object, namespace: namespace)
            } catch let error as KubeAPIError where error.httpCode == 409 {
                // Another watcher created it meanwhile: merge into theirs.
                _ = try await client.patch(
                    .configMaps, name: name, namespace: namespace, patch: ["data": .object(data)], type: .merge)
            }
        }
    }

    /// `OOMKilled/batch/worker` → `OOMKilled.batch.worker` (a valid ConfigMap key: `[-._a-zA-Z0-9]`,
    /// at most 253 characters; longer keys keep a prefix plus a hash of the whole).
    static func dataKey(_ key: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._")
        let spelled = String(key.map { allowed.contains($0) ? $0 : "." })
        guard spelled.count > 253 else { return spelled }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(spelled.prefix(236)) + "-" + String(hash, radix: 16)
    }

    /// `2026-11-28T10:00:00Z OOMKilled/batch/worker` → the key and the time.
    static func entry(_ text: String) -> (key: String, at: Date)? {
        guard let space = text.firstIndex(of: " "), let at = KubeTime.parse(String(text[..<space])) else { return nil }
        let key = String(text[text.index(after: space)...])
        return key.isEmpty ? nil : (key, at)
    }
}
