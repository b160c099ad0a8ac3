import Foundation
import Synchronization

/// A long-running child (`kars-sre run`, `kars-sre sim up`) whose output is collected as it
/// arrives. Every wait polls with `Task.sleep` up to a deadline; nothing blocks a cooperative
/// thread. `stop()` must be called at the end of each test (it kills what is still running).
final class BackgroundProcess: Sendable {
    private let process: Process
    private let buffer = OutputBuffer()
    let name: String

    init(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        self.name = name
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIProcess.binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        self.process = process
        let buffer = self.buffer
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                return
            }
            buffer.append(String(decoding: data, as: UTF8.self))
        }
        try process.run()
    }

    var output: String { buffer.text }
    var isRunning: Bool { process.isRunning }
    var pid: Int32 { process.processIdentifier }

    /// Waits until the output contains `text`; false at the deadline or when the process ended without it.
    func waitFor(_ text: String, timeout: Double = 120) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if output.contains(text) { return true }
            if !process.isRunning {
                try? await Task.sleep(for: .milliseconds(200))
                return output.contains(text)
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Sends a signal and waits for the exit; the exit status, or nil when it did not end in time.
    func signal(_ number: Int32, timeout: Double = 60) async -> Int32? {
        if process.isRunning { kill(process.processIdentifier, number) }
        return await waitForExit(timeout: timeout)
    }

    func waitForExit(timeout: Double) async -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }

    /// Kills the process if it still runs.
    func stop() async {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        _ = await waitForExit(timeout: 30)
    }
}

/// Output collected from a child's pipe.
final class OutputBuffer: Sendable {
    private let storage = Mutex("")
    func append(_ text: String) { storage.withLock { $0 += text } }
    var text: String { storage.withLock { $0 } }
}

/// `kars-sre sim up` on a free port with its controllers, and helpers to drive it with kubectl.
final class SimCluster: Sendable {
    let process: BackgroundProcess
    let directory: URL
    let kubeconfig: String

    static func start() async throws -> SimCluster {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kars-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let kubeconfig = directory.appendingPathComponent("admin.kubeconfig").path
        let process = try BackgroundProcess("sim", ["sim", "up", "--port", "0", "--kubeconfig-out", kubeconfig])
        let cluster = SimCluster(process: process, directory: directory, kubeconfig: kubeconfig)
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: kubeconfig) {
            guard process.isRunning, Date() < deadline else {
                await cluster.stop()
                throw CLIError("kars-sre sim up did not start: \(process.output)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        // The kubeconfig is written after bind: wait until the API answers.
        while try await cluster.kubectl(["get", "namespaces", "-o", "name"]).status != 0 {
            guard Date() < deadline else {
                await cluster.stop()
                throw CLIError("KubeSim did not answer: \(process.output)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return cluster
    }

    private init(process: BackgroundProcess, directory: URL, kubeconfig: String) {
        self.process = process
        self.directory = directory
        self.kubeconfig = kubeconfig
    }

    func file(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func kubectl(_ arguments: [String], kubeconfig: String? = nil, timeout: Double = 60) async throws
        -> CLIProcess.Output
    {
        guard let kubectl = CLIProcess.which("kubectl") else { throw CLIError("kubectl is not installed") }
        return try await CLIProcess.run(
            kubectl, ["--kubeconfig", kubeconfig ?? self.kubeconfig] + arguments, timeout: timeout)
    }

    func karsSRE(_ arguments: [String], timeout: Double = 120) async throws -> CLIProcess.Output {
        try await CLIProcess.run(CLIProcess.binary, arguments + ["--kubeconfig", kubeconfig], timeout: timeout)
    }

    /// A kubeconfig for the same server authenticated only by a ServiceAccount token.
    func kubeconfig(serviceAccount: String, namespace: String) async throws -> String {
        let token = try await kubectl(["create", "token", serviceAccount, "-n", namespace, "--duration", "2h"])
        guard token.status == 0 else { throw CLIError("kubectl create token failed: \(token.stderr)") }
        let path = file("\(serviceAccount).kubeconfig")
        try FileManager.default.copyItem(atPath: kubeconfig, toPath: path)
        let steps: [[String]] = [
            [
                "config", "set-credentials", serviceAccount, "--token",
                token.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
            ],
            ["config", "set-context", "--current", "--user", serviceAccount, "--namespace", namespace],
        ]
        for step in steps {
            let result = try await kubectl(step, kubeconfig: path)
            guard result.status == 0 else {
                throw CLIError("kubectl \(step.joined(separator: " ")) failed: \(result.stderr)")
            }
        }
        return path
    }

    /// The images the Deployments of the manifest run, made known to KubeSim's registry so their
    /// pods start (KubeSim resolves only images it knows).
    func registerImages(of manifest: String) async throws {
        let text = (try? String(contentsOfFile: manifest, encoding: .utf8)) ?? ""
        let images = text.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("image:") || trimmed.hasPrefix("- image:") else { return nil }
            return trimmed.components(separatedBy: "image:").last?.trimmingCharacters(
                in: CharacterSet(charactersIn: " \"'"))
        }
        guard !images.isEmpty else { return }
        let configMap = """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"kubesim-images","namespace":"kube-system"},
             "data":{"images":"\(images.joined(separator: "\\n"))"}}
            """
        let path = file("images.json")
        try Data(configMap.utf8).write(to: URL(fileURLWithPath: path))
        let result = try await kubectl(["apply", "-f", path])
        guard result.status == 0 else { throw CLIError("registering images failed: \(result.stderr)") }
    }

    /// The KarsSREActions' names and phases (phase empty until the controller writes it).
    func actions() async throws -> [(name: String, phase: String)] {
        let result = try await kubectl([
            "get", "karssreactions", "-n", "kars-sre", "-o",
            "jsonpath={range .items[*]}{.metadata.name}={.status.phase}{\"\\n\"}{end}",
        ])
        guard result.status == 0 else { return [] }
        return result.stdout.split(separator: "\n").map { line in
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
    }

    /// The lease holder ("" when released or absent).
    func leaseHolder(_ name: String = "kars-sre-controller") async throws -> String {
        let result = try await kubectl([
            "get", "lease", name, "-n", "kars-sre", "-o", "jsonpath={.spec.holderIdentity}",
        ])
        return result.status == 0 ? result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : ""
    }

    func stop() async {
        await process.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A test set-up failure with what went wrong.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Double = 120, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(250))
    }
    return try await condition()
}
