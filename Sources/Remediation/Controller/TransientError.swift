import KubeAPI

extension KubeAPIError {
    /// Throttling (429), server-side failures (5xx) and lost connections: worth another try,
    /// unlike a refusal (403, 404, 409, 422) that a retry would only repeat.
    var isTransient: Bool {
        switch self {
        case .unreachable, .connectionLost: return true
        default: return httpCode.map { $0 == 429 || $0 >= 500 } ?? false
        }
    }
}
