import Foundation
import KubeAPI
import KubeModels

/// Leader election settings (a `coordination.k8s.io/v1` Lease, as client-go does it).
public struct LeaderElectionConfiguration: Sendable, Hashable {
    public var leaseName: String
    /// A lease not renewed for this long may be taken over (default 15 s).
    public var leaseDuration: TimeInterval
    /// The leader steps down when it could not renew for this long (default 10 s).
    public var renewDeadline: TimeInterval
    /// How often the leader renews and followers retry (default 2 s).
    public var retryPeriod: TimeInterval

    public init(
        leaseName: String = "kars-sre-controller", leaseDuration: TimeInterval = 15, renewDeadline: TimeInterval = 10,
        retryPeriod: TimeInterval = 2
    ) {
        self.leaseName = leaseName
        self.leaseDuration = leaseDuration
        self.renewDeadline = renewDeadline
        self.retryPeriod = retryPeriod
    }
}

/// Runs work only while this replica holds the Lease: with two replicas exactly one acts, and the
/// other takes over within the lease duration when the leader dies. Expiry is judged by when this
/// replica last saw the lease record change (local time), never by comparing clocks.
public actor LeaderElector {
    /// The result of one acquire-or-renew round.
    enum Round: Equatable {
        case leader
        /// Another holder's lease is valid.
        case follower(String)
        case failed(String)
    }

    let client: KubeClient
    let namespace: String
    let identity: String
    let configuration: LeaderElectionConfiguration
    let clock: any RemediationClock
    let leadership: Leadership
    let log: RemediationLogger
    private var observedRecord: JSONValue?
    private var observedTime = Date.distantPast

    public init(
        client: KubeClient, namespace: String, identity: String, configuration: LeaderElectionConfiguration,
        clock: any RemediationClock, leadership: Leadership, log: @escaping RemediationLogger
    ) {
        self.client = client
        self.namespace = namespace
        self.identity = identity
        self.configuration = configuration
        self.clock = clock
        self.leadership = leadership
        self.log = log
    }

    /// Campaigns, runs `work` while leader (cancelling it when leadership is lost), and campaigns
    /// again; returns when cancelled. With `releaseOnExit` a leader that is stopped gives the
    /// lease up so the next replica need not wait for it to expire.
    public func run(releaseOnExit: Bool = true, _ work: @escaping @Sendable () async -> Void) async {
        while !Task.isCancelled {
            guard await campaign() else {
                // Cancelled while campaigning: a create or update cut short by the cancellation
                // may still have landed and made this replica the holder; give it back if so.
                if releaseOnExit { await releaseDetached() }
                break
            }
            leadership.set(true)
            log("\(identity) became the leader (lease \(namespace)/\(configuration.leaseName))")
            let task = Task { await work() }
            let lostReason = await holdLeadership()
            leadership.set(false)
            task.cancel()
            await task.value
            if Task.isCancelled {
                if releaseOnExit { await releaseDetached() }
                break
            }
            log("\(identity) lost the leadership: \(lostReason)")
        }
        leadership.set(false)
    }

    /// Retries until this replica holds the lease; false when cancelled.
    private func campaign() async -> Bool {
        while !Task.isCancelled {
            if await tryAcquireOrRenew() == .leader { return true }
            do { try await clock.sleep(seconds: configuration.retryPeriod * Double.random(in: 1.0...1.2)) } catch {
                return false
            }
        }
        return false
    }

    /// Renews every retry period; returns why leadership ended (or "stopped" when cancelled).
    private func holdLeadership() async -> String {
        var lastRenew = clock.now()
        while !Task.isCancelled {
            do { try await clock.sleep(seconds: configuration.retryPeriod) } catch { return "stopped" }
            switch await tryAcquireOrRenew() {
            case .leader:
                lastRenew = clock.now()
            case .follower(let holder):
                return "\(holder) holds the lease"
            case .failed(let problem):
                if clock.now().timeIntervalSince(lastRenew) >= configuration.renewDeadline {
                    return "could not renew for \(Int(configuration.renewDeadline)) s: \(problem)"
                }
            }
        }
        return "stopped"
    }

    func tryAcquireOrRenew() async -> Round {
        let now = clock.now()
        let lease: JSONValue
        do {
            lease = try await client.get(.leases, name: configuration.leaseName, namespace: namespace)
        } catch let error as KubeAPIError where error.isNotFound {
            return await create(now: now)
        } catch {
            return .failed("\(error)")
        }
        let spec = lease["spec"] ?? .object([:])
        if spec != observedRecord {
            observedRecord = spec
            observedTime = now
        }
        let holder = spec["holderIdentity"]?.stringValue ?? ""
        let duration = spec["leaseDurationSeconds"]?.intValue.map(Double.init) ?? configuration.leaseDuration
        if !holder.isEmpty, holder != identity, observedTime.addingTimeInterval(duration) > now {
            return .follower(holder)
        }
        var updated = lease
        let transitions = spec["leaseTransitions"]?.intValue ?? 0
        var newSpec = record(now: now, transitions: holder == identity ? transitions : transitions + 1)
        if holder == identity, let acquired = spec["acquireTime"] { newSpec["acquireTime"] = acquired }
        updated["spec"] = newSpec
        do {
            let answer = try await client.update(.leases, updated, namespace: namespace)
            observedRecord = answer["spec"]
            observedTime = now
            return .leader
        } catch let error as KubeAPIError where error.isConflict {
            return .failed("lease update conflict")
        } catch {
            return .failed("\(error)")
        }
    }

    private func create(now: Date) async -> Round {
        let lease: JSONValue = [
            "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
            "metadata": ["name": .string(configuration.leaseName), "namespace": .string(namespace)],
            "spec": record(now: now, transitions: 0),
        ]
        do {
            let answer = try await client.create(.leases, lease, namespace: namespace)
            observedRecord = answer["spec"]
            observedTime = now
            return .leader
        } catch {
            return .failed("\(error)")
        }
    }

    private func record(now: Date, transitions: Int64) -> JSONValue {
        [
            "holderIdentity": .string(identity),
            "leaseDurationSeconds": .int(Int64(configuration.leaseDuration.rounded(.up))),
            "acquireTime": .string(KubeTime.formatMicro(now)), "renewTime": .string(KubeTime.formatMicro(now)),
            "leaseTransitions": .int(transitions),
        ]
    }

    static let releaseAttempts = 5

    /// Gives the lease up (holder cleared) from a task that the caller's cancellation does not reach.
    private func releaseDetached() async {
        let client = self.client
        let namespace = self.namespace
        let name = configuration.leaseName
        let identity = self.identity
        // A few attempts: a conflicting write or a slow, loaded API server must not leave the
        // next replica waiting a whole lease duration. Giving up is safe: the lease then expires.
        await Task.detached {
            for attempt in 0..<Self.releaseAttempts {
                if attempt > 0 { try? await Task.sleep(for: .milliseconds(200 * attempt)) }
                let lease: JSONValue
                do {
                    lease = try await client.get(.leases, name: name, namespace: namespace)
                } catch let error as KubeAPIError where error.isTransient {
                    continue
                } catch {
                    return
                }
                guard lease[path: "spec", "holderIdentity"]?.stringValue == identity else { return }
                var released = lease
                released["spec"]?["holderIdentity"] = .string("")
                released["spec"]?["leaseDurationSeconds"] = 1
                do {
                    _ = try await client.update(.leases, released, namespace: namespace)
                    return
                } catch let error as KubeAPIError where error.isConflict || error.isTransient {
                    continue
                } catch {
                    return
                }
            }
        }.value
    }
}
