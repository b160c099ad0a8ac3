import Foundation
import KubeAPI
import KubeModels

/// The cluster-wide kill switch: ConfigMap `kars-sre-control` in the controller's namespace. While
/// `data.paused` is "true" no action is executed (proposals, previews, expiry and recovery
/// observation go on). `kars-sre pause` / `resume` write it.
public struct KillSwitch: Sendable {
    public static let configMapName = "kars-sre-control"

    /// The switch as stored.
    public struct State: Codable, Sendable, Hashable {
        public var paused: Bool
        public var by: String?
        public var reason: String?
        public var at: Date?
    }

    public var client: KubeClient
    public var namespace: String

    public init(client: KubeClient, namespace: String = "kars-sre") {
        self.client = client
        self.namespace = namespace
    }

    /// The current state; a missing ConfigMap means not paused. Errors propagate: the caller fails
    /// closed (no execution while the switch cannot be read).
    public func state() async throws -> State {
        do {
            let configMap = try await client.get(.configMaps, name: Self.configMapName, namespace: namespace)
            return Self.state(of: configMap)
        } catch let error as KubeAPIError where error.isNotFound {
            return State(paused: false)
        }
    }

    static func state(of configMap: JSONValue) -> State {
        let data = configMap["data"]
        return State(
            paused: data?["paused"]?.stringValue?.lowercased() == "true", by: data?["by"]?.stringValue,
            reason: data?["reason"]?.stringValue, at: data?["at"]?.stringValue.flatMap(KubeTime.parse))
    }

    /// Sets the switch (creating the ConfigMap when missing).
    @discardableResult
    public func set(paused: Bool, by: String, reason: String?, now: Date = Date()) async throws -> State {
        var data: [String: JSONValue] = [
            "paused": .string(paused ? "true" : "false"), "by": .string(ActionText.line(by, limit: 256)),
            "at": .string(KubeTime.format(now)),
        ]
        data["reason"] = reason.map { .string(ActionText.line($0, limit: 1024)) } ?? .null
        do {
            let patched = try await client.patch(
                .configMaps, name: Self.configMapName, namespace: namespace, patch: ["data": .object(data)], type: .merge)
            return Self.state(of: patched)
        } catch let error as KubeAPIError where error.isNotFound {
            data = data.filter { !$0.value.isNull }
            let object: JSONValue = [
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": [
                    "name": .string(Self.configMapName), "namespace": .string(namespace),
                    "labels": ["app.kubernetes.io/name": "kars-sre"],
                ],
                "data": .object(data),
            ]
            return Self.state(of: try await client.create(.configMaps, object, namespace: namespace))
        }
    }
}
