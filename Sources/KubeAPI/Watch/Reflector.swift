import Foundation
import KubeModels

/// What a `Reflector` tells its consumer.
public enum ReflectorEvent: Sendable, Equatable {
    /// The complete current set of objects: sent after the initial LIST and after every relist
    /// (a 410 Gone watch). Replace the whole cache with it.
    case replaced(items: [JSONValue], resourceVersion: String)
    case added(JSONValue)
    case modified(JSONValue)
    case deleted(JSONValue)
}

/// Keeps a consumer in sync with one resource the way client-go's reflector does: LIST, then
/// WATCH from the list's resourceVersion; track the newest resourceVersion (objects and
/// BOOKMARKs); on a dropped connection reconnect from it after a capped, jittered exponential
/// backoff; on 410 Gone (HTTP or an ERROR event) relist and emit `.replaced`. Cancel by
/// cancelling the consuming task or dropping the stream.
public struct Reflector: Sendable {
    public let client: KubeClient
    public let resource: APIResource
    /// nil: all namespaces.
    public var namespace: String?
    public var labelSelector: String?
    public var fieldSelector: String?
    public var pageSize: Int
    /// Server-side watch timeout; the watch is re-opened after it (with the latest resourceVersion).
    public var watchTimeoutSeconds: Int
    public var backoff: Backoff
    public var sleep: Sleeper
    /// The clock that tells a watch closed at once from one that ran its course (injectable so
    /// tests do not depend on how fast the machine is).
    public var now: @Sendable () -> ContinuousClock.Instant

    public init(
        client: KubeClient, resource: APIResource, namespace: String? = nil, labelSelector: String? = nil,
        fieldSelector: String? = nil, pageSize: Int = 500, watchTimeoutSeconds: Int = Int.random(in: 300...600),
        backoff: Backoff = Backoff(initial: .milliseconds(800), maximum: .seconds(30), jitter: 1.0),
        sleep: @escaping Sleeper = { try await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.now = now
        self.client = client
        self.resource = resource
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.pageSize = pageSize
        self.watchTimeoutSeconds = watchTimeoutSeconds
        self.backoff = backoff
        self.sleep = sleep
    }

    /// Starts list-then-watch. The stream throws only for errors a retry cannot fix
    /// (401, 403, 404, 405: credentials, RBAC, resource not installed).
    public func events() -> AsyncThrowingStream<ReflectorEvent, Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ReflectorEvent.self)
        let reflector = self
        let task = Task { await reflector.run(continuation) }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func run(_ output: AsyncThrowingStream<ReflectorEvent, Error>.Continuation) async {
        var resourceVersion = ""
        var needsList = true
        var failures = 0
        while !Task.isCancelled {
            do {
                if needsList {
                    let list = try await client.listAll(
                        resource, namespace: namespace,
                        options: ListOptions(labelSelector: labelSelector, fieldSelector: fieldSelector),
                        pageSize: pageSize)
                    resourceVersion = list.resourceVersion ?? ""
                    output.yield(.replaced(items: list.items, resourceVersion: resourceVersion))
                    needsList = false
                }
                let started = now()
                var received = 0
                let events = try await client.watch(
                    resource, namespace: namespace,
                    options: WatchOptions(
                        labelSelector: labelSelector, fieldSelector: fieldSelector, resourceVersion: resourceVersion,
                        allowWatchBookmarks: true, timeoutSeconds: watchTimeoutSeconds))
                for try await event in events {
                    failures = 0
                    received += 1
                    switch event {
                    case .added(let object):
                        resourceVersion = Self.version(of: object) ?? resourceVersion
                        output.yield(.added(object))
                    case .modified(let object):
                        resourceVersion = Self.version(of: object) ?? resourceVersion
                        output.yield(.modified(object))
                    case .deleted(let object):
                        resourceVersion = Self.version(of: object) ?? resourceVersion
                        output.yield(.deleted(object))
                    case .bookmark(let version):
                        if !version.isEmpty { resourceVersion = version }
                    case .error(let status):
                        throw KubeAPIError.status(
                            StatusError(httpCode: status.code ?? 500, status: status, request: "WATCH \(resource)"))
                    }
                }
                if received == 0, now() - started < .seconds(1) {
                    // A watch that ends at once without events (a misbehaving proxy, a server
                    // shutting down) must not turn into a tight reconnect loop.
                    throw KubeAPIError.connectionLost(
                        ConnectionFailure(
                            server: client.transport.server, origin: client.transport.originDescription,
                            reason: "watch closed immediately"))
                }
                failures = 0
            } catch {
                if Task.isCancelled || error is CancellationError { break }
                if let error = error as? KubeAPIError {
                    if error.isGone {
                        needsList = true
                        continue
                    }
                    if [401, 403, 404, 405].contains(error.httpCode ?? 0) {
                        output.finish(throwing: error)
                        return
                    }
                }
                let delay = backoff.delay(attempt: failures)
                failures += 1
                do { try await sleep(delay) } catch { break }
            }
        }
        output.finish()
    }

    private static func version(of object: JSONValue) -> String? {
        guard let version = object[path: "metadata", "resourceVersion"]?.stringValue, !version.isEmpty else {
            return nil
        }
        return version
    }
}
