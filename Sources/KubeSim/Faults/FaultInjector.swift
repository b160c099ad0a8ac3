import Foundation
import KubeModels

/// Fault injection settings: shares of requests answered 429/500/503, added latency, and watch
/// streams cut or expired after a while, all drawn deterministically from a seed.
///
/// Exists so resilience code (retries, backoff, relist on 410) can be tested against a server that
/// misbehaves in reproducible ways.
public struct FaultOptions: Sendable, Equatable {
    public var seed: UInt64 = 1
    /// Share (0...1) of API requests answered `429 Too Many Requests` with `Retry-After`.
    public var throttleRate: Double = 0
    /// Share answered `500 Internal Server Error`.
    public var errorRate: Double = 0
    /// Share answered `503 Service Unavailable`.
    public var unavailableRate: Double = 0
    /// `Retry-After` seconds on 429 and 503.
    public var retryAfterSeconds: Int = 1
    /// Added latency, milliseconds, drawn uniformly from the range.
    public var latencyMilliseconds: ClosedRange<Int> = 0...0
    /// Watch streams are dropped (connection closed) after this many seconds.
    public var watchCutSeconds: Double?
    /// Watch streams end with an ERROR 410 Expired event after this many seconds.
    public var watchExpireSeconds: Double?

    public init() {}

    public var isEmpty: Bool { self == FaultOptions() }

    /// Parses `429=0.1,500=0.05,503=0.05,latency=20-80ms,watch-cut=5s,watch-expire=10s,retry-after=2,seed=7`.
    public init(spec: String) throws {
        for part in spec.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            let pieces = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pieces.count == 2 else { throw FaultSpecError(part: part) }
            let key = pieces[0]
            let value = pieces[1]
            switch key {
            case "429", "throttle": throttleRate = try Self.rate(value, part)
            case "500", "error": errorRate = try Self.rate(value, part)
            case "503", "unavailable": unavailableRate = try Self.rate(value, part)
            case "retry-after":
                guard let seconds = Int(value) else { throw FaultSpecError(part: part) }
                retryAfterSeconds = seconds
            case "seed":
                guard let number = UInt64(value) else { throw FaultSpecError(part: part) }
                seed = number
            case "latency":
                let body = value.hasSuffix("ms") ? String(value.dropLast(2)) : value
                let bounds = body.split(separator: "-").compactMap { Int($0) }
                guard bounds.count == 1 || bounds.count == 2, let low = bounds.first, let high = bounds.last, low <= high else {
                    throw FaultSpecError(part: part)
                }
                latencyMilliseconds = low...high
            case "watch-cut": watchCutSeconds = try Self.seconds(value, part)
            case "watch-expire": watchExpireSeconds = try Self.seconds(value, part)
            default: throw FaultSpecError(part: part)
            }
        }
    }

    private static func rate(_ text: String, _ part: String) throws -> Double {
        let trimmed = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let number = Double(trimmed) else { throw FaultSpecError(part: part) }
        let rate = text.hasSuffix("%") ? number / 100 : number
        guard (0...1).contains(rate) else { throw FaultSpecError(part: part) }
        return rate
    }

    private static func seconds(_ text: String, _ part: String) throws -> Double {
        let trimmed = text.hasSuffix("s") ? String(text.dropLast()) : text
        guard let number = Double(trimmed), number > 0 else { throw FaultSpecError(part: part) }
        return number
    }
}

/// A part of a `--faults` spec that could not be understood.
public struct FaultSpecError: Error, CustomStringConvertible, Sendable {
    public var part: String
    public var description: String {
        "invalid fault spec \"\(part)\" (expected e.g. 429=0.1,500=0.05,503=0.05,latency=20-80ms,watch-cut=5s,watch-expire=10s,retry-after=1,seed=7)"
    }
}

/// When and how a watch stream is ended by fault injection.
struct WatchCut: Sendable {
    enum Mode: Sendable { case drop, expire }
    var after: Double
    var mode: Mode
}

/// Applies `FaultOptions` to requests, drawing from a seeded generator (SplitMix64) so a run is
/// reproducible request by request.
actor FaultInjector {
    enum Decision: Sendable {
        case proceed
        case fail(APIError)
    }

    let options: FaultOptions
    private var state: UInt64

    init(options: FaultOptions) {
        self.options = options
        self.state = options.seed
    }

    private func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    func decide(for request: HTTPRequest) async -> Decision {
        let latency = options.latencyMilliseconds
        let delay = latency.lowerBound == latency.upperBound ? latency.lowerBound : latency.lowerBound + Int(next() % UInt64(latency.count))
        let draw = unit()
        if delay > 0 { try? await Task.sleep(for: .milliseconds(delay)) }
        var threshold = options.throttleRate
        if draw < threshold {
            var error = APIError(code: 429, reason: "TooManyRequests", message: "Too many requests, please try again later.")
            error.status.details = StatusDetails()
            error.status.details?.retryAfterSeconds = options.retryAfterSeconds
            error.headers = [("Retry-After", String(options.retryAfterSeconds))]
            return .fail(error)
        }
        threshold += options.errorRate
        if draw < threshold {
            return .fail(APIError(code: 500, reason: "InternalError", message: "Internal error occurred: injected fault"))
        }
        threshold += options.unavailableRate
        if draw < threshold {
            var error = APIError(code: 503, reason: "ServiceUnavailable", message: "the server is currently unable to handle the request")
            error.headers = [("Retry-After", String(options.retryAfterSeconds))]
            return .fail(error)
        }
        return .proceed
    }

    func watchPlan() -> WatchCut? {
        if let seconds = options.watchExpireSeconds { return WatchCut(after: seconds, mode: .expire) }
        if let seconds = options.watchCutSeconds { return WatchCut(after: seconds, mode: .drop) }
        return nil
    }
}
