import Foundation

/// The daily token budget, counted from the providers' `usage` fields and persisted in a small
/// JSON file so it holds across runs (and across `ask`, `talk` and `mcp` processes). The day is
/// the UTC calendar day; the budget resets at 00:00 UTC.
public actor TokenBudget {
    public static let defaultDailyLimit = 2_000_000

    /// What the file holds.
    struct Ledger: Codable, Equatable {
        var day: String
        var used: Int
    }

    /// The budget's state now.
    public struct Status: Sendable, Equatable {
        public var limit: Int
        public var used: Int
        public var resetsAt: Date
        public var remaining: Int { max(limit - used, 0) }
        public var spent: Bool { used >= limit }
    }

    public let limit: Int
    public let path: String
    private let now: @Sendable () -> Date

    public init(limit: Int = TokenBudget.defaultDailyLimit, path: String, now: @escaping @Sendable () -> Date = Date.init) {
        self.limit = limit
        self.path = path
        self.now = now
    }

    public func status() -> Status {
        let today = Self.day(now())
        let ledger = read()
        return Status(limit: limit, used: ledger?.day == today ? ledger?.used ?? 0 : 0, resetsAt: Self.nextMidnight(after: now()))
    }

    /// Throws the refusal when the budget is spent.
    public func check() throws(BudgetExhausted) {
        let status = status()
        if status.spent { throw BudgetExhausted(status: status, now: now()) }
    }

    /// Adds the tokens of one model call.
    @discardableResult
    public func record(_ tokens: Int) -> Status {
        let today = Self.day(now())
        var ledger = read() ?? Ledger(day: today, used: 0)
        if ledger.day != today { ledger = Ledger(day: today, used: 0) }
        ledger.used += max(tokens, 0)
        write(ledger)
        return status()
    }

    private func read() -> Ledger? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(Ledger.self, from: data)
    }

    private func write(_ ledger: Ledger) {
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let data = try? JSONEncoder().encode(ledger) { try? data.write(to: url, options: .atomic) }
    }

    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    static func nextMidnight(after date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let start = calendar.startOfDay(for: date)
        return calendar.date(byAdding: .day, value: 1, to: start) ?? date.addingTimeInterval(86400)
    }
}

/// The refusal when the daily budget is spent: names the budget and when it resets.
public struct BudgetExhausted: Error, Sendable, CustomStringConvertible {
    public var status: TokenBudget.Status
    public var now: Date

    public var description: String {
        let seconds = max(Int(status.resetsAt.timeIntervalSince(now)), 0)
        let formatter = ISO8601DateFormatter()
        return "the daily token budget of \(GroupedNumber.format(status.limit)) tokens is spent "
            + "(\(GroupedNumber.format(status.used)) used today); it resets at "
            + "\(formatter.string(from: status.resetsAt)) (in \(seconds / 3600)h\(seconds % 3600 / 60)m). "
            + "Raise it with --token-budget or KARS_SRE_TOKEN_BUDGET; `kars-sre diagnose` needs no model meanwhile."
    }
}
