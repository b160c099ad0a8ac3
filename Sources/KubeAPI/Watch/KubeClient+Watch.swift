import Foundation
import KubeModels

/// WATCH: a long-lived GET whose body is newline-delimited JSON events.
extension KubeClient {
    /// Opens a watch and returns its events. Establishing the watch follows the GET retry rules
    /// and throws on an error status (e.g. 410 Gone for a too-old resourceVersion); afterwards the
    /// stream ends when the server closes the watch (timeoutSeconds) and throws
    /// `KubeAPIError.connectionLost` when the connection drops. `namespace: nil` watches all
    /// namespaces. Cancel the consuming task (or stop iterating) to close it.
    public func watch(
        _ resource: APIResource, namespace: String? = nil, options: WatchOptions = WatchOptions()
    ) async throws -> AsyncThrowingStream<WatchEvent<JSONValue>, Error> {
        let path = try resource.path(namespace: resource.namespaced ? namespace : nil)
        let timeout: Duration? = options.timeoutSeconds.map { .seconds($0 + 30) }
        let request = KubeRequest(method: .get, path: path, query: options.queryItems, timeout: timeout)
        let response = try await performStream(request)
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: WatchEvent<JSONValue>.self)
        let pump = Task {
            var splitter = LineSplitter()
            do {
                for try await chunk in response.body {
                    for line in splitter.append(chunk) {
                        continuation.yield(try WatchEvent.parse(line: line, resource: resource))
                    }
                }
                if let last = splitter.finish() {
                    continuation.yield(try WatchEvent.parse(line: last, resource: resource))
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in pump.cancel() }
        return stream
    }

    /// A watch whose objects are decoded as `T`.
    public func watch<T: Decodable & Sendable>(
        _ resource: APIResource, namespace: String? = nil, options: WatchOptions = WatchOptions(), as type: T.Type
    ) async throws -> AsyncThrowingStream<WatchEvent<T>, Error> {
        let raw = try await watch(resource, namespace: namespace, options: options)
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: WatchEvent<T>.self)
        let pump = Task {
            do {
                for try await event in raw {
                    continuation.yield(try event.map { try $0.decode(as: T.self) })
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in pump.cancel() }
        return stream
    }
}
