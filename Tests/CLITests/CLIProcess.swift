import Foundation

/// Runs the real `kars-sre` binary (and `kubectl`) the way a user does, for integration tests.
enum CLIProcess {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let binary = repositoryRoot.appendingPathComponent(".build/debug/kars-sre").path
    static let scenarios = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/scenarios")

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs to completion (killed after `timeout` seconds). Waits with `Task.sleep`, never blocking
    /// one of the few cooperative threads the parallel tests share while a command runs.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], timeout: Double = 60)
        async throws -> Output
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice  // never a terminal: commands that would ask must not
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        let stdout = PipeReader(out)
        let stderr = PipeReader(err)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: stdout.text(), stderr: stderr.text())
    }

    /// `which NAME`, or nil.
    static func which(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

/// Drains a pipe on a background thread so a chatty child never blocks on a full pipe.
final class PipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func text() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}

/// `kars-sre sim up` in the background, stopped when the test is done.
final class SimulatorProcess {
    let process = Process()
    let kubeconfig: String
    private let directory: URL

    init(load: [String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kars-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        kubeconfig = directory.appendingPathComponent("kubeconfig").path
        process.executableURL = URL(fileURLWithPath: CLIProcess.binary)
        process.arguments = ["sim", "up", "--port", "0", "--kubeconfig-out", kubeconfig] + (load.isEmpty ? [] : ["--load"] + load)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: kubeconfig) {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw SimulatorError.didNotStart
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.1)
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }

    enum SimulatorError: Error { case didNotStart }
}
