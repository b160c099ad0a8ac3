import KubeAPI

/// A freshly created RoleBinding may take a moment to reach the API server's authorizer cache:
/// a 403 right after the grant (which never applied anything) is retried a few times.
enum ForbiddenRetry {
    static func run<T: Sendable>(attempts: Int = 6, _ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch let error as KubeAPIError where error.isForbidden && attempt + 1 < attempts {
                attempt += 1
                try await Task.sleep(for: .milliseconds(150 * attempt))
            }
        }
    }
}
