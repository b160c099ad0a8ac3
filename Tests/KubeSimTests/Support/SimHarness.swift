import Foundation
import KubeModels
@testable import KubeSim

/// A KubeSim started in-process on an ephemeral port with a kubeconfig in a temp dir, and a way to
/// run the real `kubectl` against it.
final class SimHarness: Sendable {
    let sim: KubeSim
    let directory: URL
    let kubeconfig: String

    static func start(_ options: KubeSimOptions = KubeSimOptions()) async throws -> SimHarness {
        let sim = try await KubeSim.start(options)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let kubeconfig = directory.appendingPathComponent("kubeconfig").path
        try sim.writeKubeconfig(to: kubeconfig)
        return SimHarness(sim: sim, directory: directory, kubeconfig: kubeconfig)
    }

    private init(sim: KubeSim, directory: URL, kubeconfig: String) {
        self.sim = sim
        self.directory = directory
        self.kubeconfig = kubeconfig
    }

    func stop() async {
        await sim.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes a kubeconfig for another token and returns its path.
    func kubeconfig(token: String, namespace: String = "default") throws -> String {
        let path = directory.appendingPathComponent("kubeconfig-\(UUID().uuidString)").path
        try sim.writeKubeconfig(to: path, token: token, namespace: namespace)
        return path
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Runs kubectl; output goes through files so large outputs never block, and the wait does not
    /// block a cooperative thread (the server runs on the same pool).
    func kubectl(_ arguments: [String], kubeconfig: String? = nil, stdin: String? = nil) async throws -> CommandResult {
        let id = UUID().uuidString
        let outPath = directory.appendingPathComponent("out-\(id)").path
        let errPath = directory.appendingPathComponent("err-\(id)").path
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.kubectlPath)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECONFIG"] = kubeconfig ?? self.kubeconfig
        environment["KUBECACHEDIR"] = directory.appendingPathComponent("cache").path
        environment["HOME"] = directory.path
        process.environment = environment
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        if let stdin {
            let inPath = try write("in-\(id)", stdin)
            process.standardInput = FileHandle(forReadingAtPath: inPath)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return CommandResult(status: status, stdout: out, stderr: err)
    }

    static let kubectlPath: String = {
        for candidate in ["/usr/local/bin/kubectl", "/usr/bin/kubectl"] where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/kubectl"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return "kubectl"
    }()
}

/// Exit status and output of one command.
struct CommandResult: Sendable, CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
}
