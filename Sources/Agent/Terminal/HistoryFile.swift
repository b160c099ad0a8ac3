import Foundation

/// The `talk` history on disk: `<state dir>/talk-history`, one line per question, mode 0600.
/// Lines are appended as they are asked (so two sessions at once both keep theirs); reading keeps
/// the newest `limit` storable lines and rewrites the file when it has grown well past the limit.
public struct HistoryFile: Sendable {
    public static let fileName = "talk-history"
    public static let defaultLimit = 1000

    public let path: String
    public let limit: Int

    public init(stateDirectory: String, limit: Int = HistoryFile.defaultLimit) {
        self.path = (stateDirectory as NSString).appendingPathComponent(Self.fileName)
        self.limit = max(1, limit)
    }

    /// The stored lines, oldest first; empty when there is no file or it cannot be read.
    public func load() -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let all = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        let kept = Array(all.filter(HistoryFilter.isStorable).suffix(limit))
        if all.count > limit + limit / 4 || kept.count < min(all.count, limit) {
            try? rewrite(kept)
        }
        return kept
    }

    /// Appends one line (the caller checked it with `HistoryFilter`), creating the file 0600.
    public func append(_ line: String) throws {
        guard HistoryFilter.isStorable(line) else { return }
        try ensureDirectory()
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw AgentSetupError(
                "cannot write the talk history \(path): \(Self.systemError(errno)); check the state directory's permissions"
            )
        }
        defer { close(descriptor) }
        let bytes = Array((line + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw AgentSetupError(
                "cannot write the talk history \(path): \(Self.systemError(errno))")
        }
    }

    private func rewrite(_ lines: [String]) throws {
        try ensureDirectory()
        let temporary = path + ".tmp-\(getpid())"
        let text = lines.map { $0 + "\n" }.joined()
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw AgentSetupError("cannot rewrite the talk history \(path)")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw AgentSetupError(
                "cannot rewrite the talk history \(path): \(Self.systemError(errno))")
        }
    }

    private func ensureDirectory() throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
}

extension HistoryFile {
    /// The C library's text for an errno value (`Permission denied`).
    static func systemError(_ code: Int32) -> String {
        strerror(code).map { String(cString: $0) } ?? "error \(code)"
    }
}
