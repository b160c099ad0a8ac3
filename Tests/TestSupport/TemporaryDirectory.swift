import Foundation

/// A fresh directory under the system temp dir for one test's kubeconfigs, certificates and
/// plugin scripts; removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(prefix: String = "kars-kubeapi") throws {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        self.path = path
    }

    /// Absolute path of a file inside the directory.
    public func file(_ relative: String) -> String {
        (path as NSString).appendingPathComponent(relative)
    }

    /// Writes text (creating intermediate directories) and returns the absolute path.
    @discardableResult
    public func write(_ relative: String, _ text: String, executable: Bool = false) throws -> String {
        let target = file(relative)
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: target))
        if executable {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: target)
        }
        return target
    }

    public func read(_ relative: String) -> String? {
        try? String(contentsOfFile: file(relative), encoding: .utf8)
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
