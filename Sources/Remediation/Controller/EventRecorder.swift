import Foundation
import KubeAPI
import KubeModels

/// Writes a Kubernetes Event on a KarsSREAction for each transition, so `kubectl describe` and
/// `kubectl get events` show the action's history. Failures are logged, never fatal.
public struct EventRecorder: Sendable {
    public static let component = "kars-sre-controller"

    public var client: KubeClient
    public var instance: String
    public var clock: any RemediationClock
    public var log: RemediationLogger

    public init(client: KubeClient, instance: String, clock: any RemediationClock, log: @escaping RemediationLogger) {
        self.client = client
        self.instance = instance
        self.clock = clock
        self.log = log
    }

    public func record(_ action: ActionObject, _ reason: ActionReason, _ message: String) async {
        let now = clock.now()
        let nanos = UInt64(max(0, now.timeIntervalSince1970) * 1_000_000_000) &+ UInt64.random(in: 0..<1000)
        let stamp = KubeTime.format(now)
        let event: JSONValue = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string("\(action.name).\(String(nanos, radix: 16))"), "namespace": .string(action.namespace)],
            "involvedObject": [
                "apiVersion": .string(ActionObject.apiVersion), "kind": .string(ActionObject.kind),
                "name": .string(action.name), "namespace": .string(action.namespace),
                "uid": .string(action.metadata.uid ?? ""),
            ],
            "reason": .string(reason.rawValue), "message": .string(ActionText.line(message)),
            "type": .string(reason.eventType), "count": 1, "firstTimestamp": .string(stamp),
            "lastTimestamp": .string(stamp), "source": ["component": .string(Self.component)],
            "reportingComponent": .string(Self.component), "reportingInstance": .string(instance),
        ]
        do {
            _ = try await client.create(.events, event, namespace: action.namespace)
        } catch {
            log("cannot record event \(reason.rawValue) on \(action.name): \(error)")
        }
    }
}
