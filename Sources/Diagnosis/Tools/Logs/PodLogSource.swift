/// Where container logs come from: the pod `log` subresource of the API server, or a fake in tests.
public protocol PodLogSource: Sendable {
    /// The log text of one container; `namespace` nil for the source's default namespace;
    /// `tail` the number of last lines wanted (nil: all).
    func logs(namespace: String?, pod: String, container: String?, previous: Bool, tail: Int?) async throws -> String
}
