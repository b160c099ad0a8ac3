import Foundation

/// How long to wait; injectable so retry and reconnect tests do not really sleep.
public typealias Sleeper = @Sendable (Duration) async throws -> Void

/// Capped exponential backoff with jitter, shared by request retries and watch reconnects.
public struct Backoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration
    public var factor: Double
    /// Fraction of the delay added at random (0.2: up to +20%).
    public var jitter: Double

    public init(initial: Duration, maximum: Duration, factor: Double = 2, jitter: Double = 0.2) {
        self.initial = initial
        self.maximum = maximum
        self.factor = factor
        self.jitter = jitter
    }

    /// The delay before retry number `attempt` (0-based).
    public func delay(attempt: Int) -> Duration {
        let base = Self.seconds(initial) * pow(factor, Double(max(0, min(attempt, 30))))
        let capped = min(base, Self.seconds(maximum))
        let jittered = capped * (1 + Double.random(in: 0...max(0, jitter)))
        return .milliseconds(Int64((min(jittered, Self.seconds(maximum) * (1 + jitter)) * 1000).rounded()))
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// When `KubeClient` retries a failed request. The policy, chosen to never repeat a write that
/// may have been applied:
///
/// - **429 Too Many Requests**: every verb, after `Retry-After` seconds (capped by
///   `maxRetryAfter`), else after the backoff delay. The API server's max-in-flight and
///   priority-and-fairness filters reject before doing anything, so even POST/PATCH are safe.
/// - **Connection failures before the request was sent** (refused, DNS, TLS): not retried here.
///   The HTTP transport already keeps trying to connect until its connect timeout (5 s), so
///   another layer of retries would only multiply the wait before "cannot reach the API".
/// - **5xx and connections lost after sending**: only GET and HEAD (reads, list, watch
///   establishment) and DELETE with preconditions; never POST, PUT, PATCH.
/// - Nothing else (4xx, 409 Conflict...) is retried.
public struct RetryPolicy: Sendable {
    /// Total attempts including the first.
    public var maxAttempts: Int
    public var backoff: Backoff
    public var maxRetryAfter: Duration
    public var sleep: Sleeper

    public init(
        maxAttempts: Int = 4, backoff: Backoff = Backoff(initial: .milliseconds(200), maximum: .seconds(5)),
        maxRetryAfter: Duration = .seconds(30), sleep: @escaping Sleeper = { try await Task.sleep(for: $0) }
    ) {
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.maxRetryAfter = maxRetryAfter
        self.sleep = sleep
    }

    public static let `default` = RetryPolicy()
    /// No retries at all.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// The delay before the next attempt, or nil when `error` must not be retried.
    func delay(after error: Error, attempt: Int, idempotent: Bool) -> Duration? {
        guard attempt + 1 < maxAttempts, let error = error as? KubeAPIError else { return nil }
        switch error {
        case .status(let status):
            if status.httpCode == 429 {
                if let seconds = status.retryAfterSeconds {
                    return min(.seconds(max(0, seconds)), maxRetryAfter)
                }
                return backoff.delay(attempt: attempt)
            }
            if idempotent, [500, 502, 503, 504].contains(status.httpCode) {
                if let seconds = status.retryAfterSeconds { return min(.seconds(max(0, seconds)), maxRetryAfter) }
                return backoff.delay(attempt: attempt)
            }
            return nil
        case .unreachable:
            return nil
        case .connectionLost:
            return idempotent ? backoff.delay(attempt: attempt) : nil
        case .decoding, .invalidRequest:
            return nil
        }
    }
}
