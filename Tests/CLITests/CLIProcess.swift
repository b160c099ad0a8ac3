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
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        return Output(status: process.terminationStatus, stdout: await stdout.text(), stderr: await stderr.text())
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

    /// The whole output, once the child closed the pipe; waits on a dispatch thread, not a
    /// cooperative one.
    func text() async -> String {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { [self] in
                done.wait()
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }
        }
    }
}

/// `kars-sre sim up` in the background, stopped when the test is done.
final class SimulatorProcess {
    let process = Process()
    let kubeconfig: String
    private let directory: URL

    private init(load: [String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kars-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        kubeconfig = directory.appendingPathComponent("kubeconfig").path
        process.executableURL = URL(fileURLWithPath: CLIProcess.binary)
        process.arguments = ["sim", "up", "--port", "0", "--kubeconfig-out", kubeconfig] + (load.isEmpty ? [] : ["--load"] + load)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
    }

    /// Starts the simulator and waits (with `Task.sleep`, never blocking a cooperative thread)
    /// until it has written its kubeconfig, which it does once it is serving.
    static func start(load: [String]) async throws -> SimulatorProcess {
        let simulator = try SimulatorProcess(load: load)
        try simulator.process.run()
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: simulator.kubeconfig) {
            guard simulator.process.isRunning, Date() < deadline else {
                simulator.stop()
                throw SimulatorError.didNotStart
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(100))
        return simulator
    }

    /// Sends SIGTERM and removes the temporary files; Foundation reaps the child, so nothing
    /// here waits for it to exit.
    func stop() {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }

    enum SimulatorError: Error { case didNotStart }
}
