import Foundation
import KubeAPI
import KubeModels

/// Events from a live API server, cluster-wide, from both core/v1 and events.k8s.io/v1.
///
/// In watch mode each API is followed by a `Reflector` (list, then watch; reconnect from the last
/// resourceVersion; relist on 410 Gone). When watching is forbidden (403/405) that API falls back
/// to listing every `fallbackInterval`; an API the server does not serve (404) is skipped. In poll
/// mode both APIs are listed every interval.
public struct KubeEventFeed: EventFeed {
    public let client: KubeClient
    public let mode: WatcherConfiguration.Mode
    public let fallbackInterval: Duration
    public var resources: [APIResource]

    public init(
        client: KubeClient, mode: WatcherConfiguration.Mode, fallbackInterval: Duration = .seconds(10),
        resources: [APIResource] = [.events, .eventsV1]
    ) {
        self.client = client
        self.mode = mode
        self.fallbackInterval = fallbackInterval
        self.resources = resources
    }

    public func items() -> AsyncStream<FeedItem> {
        let (stream, continuation) = AsyncStream.makeStream(of: FeedItem.self)
        let feed = self
        let task = Task {
            await withDiscardingTaskGroup { group in
                for resource in feed.resources {
                    group.addTask { await feed.follow(resource, continuation) }
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    static func apiName(_ resource: APIResource) -> String { resource.apiVersion }

    func follow(_ resource: APIResource, _ output: AsyncStream<FeedItem>.Continuation) async {
        switch mode {
        case .poll(let interval):
            await poll(resource, every: interval, output)
        case .watch:
            let reflector = Reflector(
                client: client, resource: resource, watchTimeoutSeconds: Int.random(in: 240...360),
                backoff: Backoff(initial: .milliseconds(100), maximum: .seconds(5), jitter: 0.5))
            do {
                for try await change in reflector.events() {
                    switch change {
                    case .replaced(let items, _):
                        output.yield(.snapshot(api: Self.apiName(resource), events: items.compactMap(NormalizedEvent.init(json:))))
                    case .added(let object), .modified(let object):
                        if let event = NormalizedEvent(json: object) { output.yield(.event(event)) }
                    case .deleted:
                        break
                    }
                }
            } catch let error as KubeAPIError where error.isNotFound {
                output.yield(.notice("\(resource.apiVersion) events are not served by this cluster: skipped"))
            } catch let error as KubeAPIError where error.isForbidden || error.httpCode == 405 || error.httpCode == 401 {
                output.yield(
                    .notice("watching \(resource.apiVersion) events is not allowed (\(error.httpCode ?? 0)): listing every \(fallbackInterval) instead"))
                await poll(resource, every: fallbackInterval, output)
            } catch {
                if !Task.isCancelled { output.yield(.notice("\(resource.apiVersion) event watch ended: \(error)")) }
            }
        }
    }

    func poll(_ resource: APIResource, every interval: Duration, _ output: AsyncStream<FeedItem>.Continuation) async {
        var reported = false
        while !Task.isCancelled {
            do {
                let list = try await client.listAll(resource, namespace: nil, options: ListOptions())
                output.yield(.snapshot(api: Self.apiName(resource), events: list.items.compactMap(NormalizedEvent.init(json:))))
                reported = false
            } catch let error as KubeAPIError where error.isNotFound {
                output.yield(.notice("\(resource.apiVersion) events are not served by this cluster: skipped"))
                return
            } catch {
                if Task.isCancelled { return }
                if !reported { output.yield(.notice("listing \(resource.apiVersion) events failed: \(error)")) }
                reported = true
            }
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }
}
