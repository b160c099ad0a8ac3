import Foundation
import KubeModels
import Testing
import TestSupport

@testable import Agent

/// The persisted daily token budget and the audit log (redaction, rotation).
@Suite("Budget and audit")
struct BudgetAndAuditTests {
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Date
        init(_ date: Date) { value = date }
        var now: Date { lock.withLock { value } }
        func set(_ date: Date) { lock.withLock { value = date } }
    }

    @Test("usage persists across instances; a spent budget refuses naming the budget and the reset; the next UTC day resets")
    func budget() async throws {
        let directory = try TemporaryDirectory(prefix: "kars-budget")
        defer { directory.remove() }
        let clock = Clock(Date(timeIntervalSince1970: 1_795_000_000))  // 2026-11-18T...Z
        let path = directory.file("state/token-budget.json")
        let first = TokenBudget(limit: 1000, path: path, now: { clock.now })
        await first.record(600)
        let second = TokenBudget(limit: 1000, path: path, now: { clock.now })
        #expect(await second.status().used == 600)
        await #expect(throws: Never.self) { try await second.check() }
        await second.record(500)
        do {
            try await second.check()
            Issue.record("expected a refusal")
        } catch {
            #expect(error.description.contains("daily token budget of 1,000 tokens is spent"))
            #expect(error.description.contains("1,100 used"))
            #expect(error.description.contains("resets at"))
            #expect(error.description.contains("T00:00:00Z"))
        }
        clock.set(clock.now.addingTimeInterval(86400))
        #expect(await second.status().used == 0)
        await #expect(throws: Never.self) { try await second.check() }
    }

    @Test("audit lines are JSON, secrets in arguments are redacted, and the file rotates by size")
    func audit() async throws {
        let directory = try TemporaryDirectory(prefix: "kars-audit")
        defer { directory.remove() }
        let path = directory.file("audit.jsonl")
        let log = AuditLog(path: path, maxBytes: 1200, keep: 2)
        for index in 0..<12 {
            await log.append(
                AuditRecord(
                    time: Date(), session: "s1", actor: "agent", kind: .tool, tool: "logs",
                    arguments: ["pod": .string("web-\(index)"), "apiKey": "sk-live-should-not-appear", "note": "password=hunter2 Bearer abcdefghijklmnopqrstuvwxyz"],
                    action: "tool:logs:web-\(index)", decision: "allow", policy: "p", durationMs: 3, resultBytes: 10))
        }
        let current = try #require(directory.read("audit.jsonl"))
        let rotated = try #require(directory.read("audit.jsonl.1"))
        #expect(FileManager.default.fileExists(atPath: path + ".2"))
        #expect(!FileManager.default.fileExists(atPath: path + ".3"))
        #expect(current.utf8.count <= 1200)
        let all = [current, rotated].joined()
        #expect(!all.contains("sk-live"))
        #expect(!all.contains("hunter2"))
        #expect(!all.contains("abcdefghijklmnopqrstuvwxyz"))
        let lines = current.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let record = try JSONParser.parse(Data(line.utf8))
            #expect(record["session"] == "s1")
            #expect(record["decision"] == "allow")
            #expect(record[path: "arguments", "apiKey"] == "[REDACTED]")
            #expect(record["time"]?.stringValue != nil)
        }
        #expect(current.contains("web-11"))
    }
}
