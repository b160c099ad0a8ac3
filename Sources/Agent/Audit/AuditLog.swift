import Foundation
import KubeModels

/// One audit line: a model call or a tool call.
public struct AuditRecord: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case model, tool
    }

    public var time: Date
    public var session: String
    /// Who acted: `agent` (the model in ask/talk), `mcp` (an MCP client), with the user when known.
    public var actor: String
    public var kind: Kind
    public var tool: String?
    /// The arguments, secrets redacted.
    public var arguments: JSONValue?
    public var action: String?
    /// `allow`, `deny`, `error`, or `ok` for model calls.
    public var decision: String
    public var policy: String?
    public var durationMs: Int
    public var resultBytes: Int?
    public var tokens: TokenUsage?
    public var model: String?
    public var error: String?

    public init(
        time: Date, session: String, actor: String, kind: Kind, tool: String? = nil, arguments: JSONValue? = nil,
        action: String? = nil, decision: String, policy: String? = nil, durationMs: Int, resultBytes: Int? = nil,
        tokens: TokenUsage? = nil, model: String? = nil, error: String? = nil
    ) {
        self.time = time
        self.session = session
        self.actor = actor
        self.kind = kind
        self.tool = tool
        self.arguments = arguments
        self.action = action
        self.decision = decision
        self.policy = policy
        self.durationMs = durationMs
        self.resultBytes = resultBytes
        self.tokens = tokens
        self.model = model
        self.error = error
    }
}

/// Where audit records go.
public protocol AuditSink: Sendable {
    func append(_ record: AuditRecord) async
}

/// The audit log: one JSON line per record, append-only, rotated by size (`audit.jsonl` →
/// `audit.jsonl.1` → ... up to `keep` old files). Arguments are redacted before they are written.
public actor AuditLog: AuditSink {
    public let path: String
    public let maxBytes: Int
    public let keep: Int

    public init(path: String, maxBytes: Int = 10 << 20, keep: Int = 5) {
        self.path = path
        self.maxBytes = maxBytes
        self.keep = max(keep, 1)
    }

    public func append(_ record: AuditRecord) {
        var record = record
        record.arguments = record.arguments.map(AuditRedaction.redact)
        record.error = record.error.map(AuditRedaction.redactText)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard var line = try? encoder.encode(record) else { return }
        line.append(UInt8(ascii: "\n"))
        rotateIfNeeded(adding: line.count)
        let url = URL(fileURLWithPath: path)
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            try? manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            _ = manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: line)
    }

    private func rotateIfNeeded(adding count: Int) {
        let manager = FileManager.default
        let size = (try? manager.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size > 0, size + count > maxBytes else { return }
        try? manager.removeItem(atPath: "\(path).\(keep)")
        for index in stride(from: keep - 1, through: 1, by: -1) where manager.fileExists(atPath: "\(path).\(index)") {
            try? manager.moveItem(atPath: "\(path).\(index)", toPath: "\(path).\(index + 1)")
        }
        try? manager.moveItem(atPath: path, toPath: "\(path).1")
    }
}

/// An audit sink that keeps records in memory (tests, and when no log is wanted).
public actor MemoryAuditSink: AuditSink {
    public private(set) var records: [AuditRecord] = []
    public init() {}
    public func append(_ record: AuditRecord) { records.append(record) }
}
