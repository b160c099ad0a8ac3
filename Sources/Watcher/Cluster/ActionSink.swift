import Foundation
import KubeAPI
import Remediation

/// A KarsSREAction as the watcher's dedupe state remembers it.
public struct KnownAction: Sendable, Hashable {
    public var incidentKey: String
    public var name: String
    public var phase: String
    public var terminal: Bool
    public var createdAt: Date?

    public init(incidentKey: String, name: String, phase: String, terminal: Bool, createdAt: Date?) {
        self.incidentKey = incidentKey
        self.name = name
        self.phase = phase
        self.terminal = terminal
        self.createdAt = createdAt
    }
}

/// Where the watcher proposes fixes: creates KarsSREActions and lists the existing ones (to
/// bootstrap and resync its dedupe state). The seam between the engine and Remediation.
public protocol ActionSink: Sendable {
    /// Creates the action, or returns the open one for the same incident (`created: false`).
    func create(_ draft: ActionDraft) async throws -> (name: String, created: Bool)
    /// Every KarsSREAction with an incident key.
    func existing() async throws -> [KnownAction]
}

/// `ActionSink` over Remediation's `ActionClient` (its protection checks and dedupe apply).
/// Creation is retried on 429, 5xx and lost connections: the API server rejects those before
/// writing, and a retry after a write that did land finds the action by its incident key instead
/// of creating a second one.
public struct RemediationActionSink: ActionSink {
    public let client: ActionClient
    public var attempts: Int

    public init(client: ActionClient, attempts: Int = 8) {
        self.client = client
        self.attempts = attempts
    }

    public func create(_ draft: ActionDraft) async throws -> (name: String, created: Bool) {
        try await retrying {
            let creation = try await client.create(draft)
            return (creation.action.name, creation.created)
        }
    }

    public func existing() async throws -> [KnownAction] {
        try await retrying {
            try await client.list().compactMap { action in
                guard let key = action.incidentKey else { return nil }
                return KnownAction(
                    incidentKey: key, name: action.name, phase: action.phase.rawValue, terminal: action.phase.isTerminal,
                    createdAt: action.createdAt)
            }
        }
    }

    func retrying<T>(_ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch let error as KubeAPIError where Self.transient(error) && attempt + 1 < attempts {
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int64(50 * (1 << min(attempt, 5)))))
            }
        }
    }

    static func transient(_ error: KubeAPIError) -> Bool {
        if let code = error.httpCode { return code == 429 || code >= 500 }
        if case .connectionLost = error { return true }
        return false
    }
}
