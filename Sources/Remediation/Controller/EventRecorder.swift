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

    /// Records one Event. Kubernetes Events are best effort, but a transition's Event is the
    /// operator's history: a name collision gets a new name, and a refused or failed request
    /// (throttled, server error, connection) is retried a few times before it is logged and dropped.
    public func record(_ action: ActionObject, _ reason: ActionReason, _ message: String) async {
        let now = clock.now()
        let stamp = KubeTime.format(now)
        var lastError: Error?
        for attempt in 0..<Self.attempts {
            let nanos = UInt64(max(0, now.timeIntervalSince1970) * 1_000_000_000) &+ UInt64.random(in: 0..<1_000_000)
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
                return
            } catch is CancellationError {
                return
            } catch {
                lastError = error
                if let apiError = error as? KubeAPIError, !apiError.isAlreadyExists, !apiError.isTransient { break }
                if attempt + 1 < Self.attempts { try? await Task.sleep(for: .milliseconds(100 << attempt)) }
            }
        }
        log("cannot record event \(reason.rawValue) on \(action.name): \(lastError.map { "\($0)" } ?? "unknown error")")
    }

    static let attempts = 4
}
