import Foundation

/// Runs an exec credential plugin as a child process the way client-go does: command resolved on
/// PATH (or relative to the kubeconfig when it contains a slash), the user's environment plus the
/// configured `env` plus `KUBERNETES_EXEC_INFO`, stdin closed, stdout captured as the credential.
struct ExecPluginRunner: Sendable {
    var environment: [String: String]
    var timeout: TimeInterval = 120

    func run(_ spec: ExecPluginSpec) async throws -> Data {
        let executable = try resolveExecutable(spec)
        var childEnvironment = environment
        for variable in spec.config.env { childEnvironment[variable.name] = variable.value }
        childEnvironment["KUBERNETES_EXEC_INFO"] = ExecCredentialResult.execInfo(for: spec)
        let arguments = spec.config.args
        let timeout = self.timeout
        let command = spec.config.command
        let finalEnvironment = childEnvironment
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result {
                        try Self.runBlocking(
                            executable: executable, arguments: arguments, environment: finalEnvironment,
                            timeout: timeout, command: command)
                    })
            }
        }
    }

    func resolveExecutable(_ spec: ExecPluginSpec) throws -> String {
        let command = spec.config.command
        let notFound = KubeConfigError.execPluginNotFound(
            command: command, user: spec.userName, installHint: spec.config.installHint)
        if command.contains("/") {
            let path =
                command.hasPrefix("/")
                ? command
                : ((spec.baseDirectory as NSString).appendingPathComponent(command) as NSString).standardizingPath
            guard FileManager.default.isExecutableFile(atPath: path) else { throw notFound }
            return path
        }
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = (String(directory) as NSString).appendingPathComponent(command)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                FileManager.default.isExecutableFile(atPath: candidate)
            {
                return candidate
            }
        }
        throw notFound
    }

    private static func runBlocking(
        executable: String, arguments: [String], environment: [String: String], timeout: TimeInterval, command: String
    ) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw KubeConfigError.execPluginFailed(
                command: command, exitCode: -1, stderr: "\(error.localizedDescription)")
        }
        let group = DispatchGroup()
        let errorBox = DataBox()
        group.enter()
        DispatchQueue.global().async {
            errorBox.data = stderr.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        group.wait()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let message = String(decoding: errorBox.data.prefix(2000), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
                .replacingOccurrences(of: "\n", with: " ")
            let status = process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus
            throw KubeConfigError.execPluginFailed(command: command, exitCode: status, stderr: message)
        }
        return output
    }
}

/// Carries stderr bytes from the reader thread; written once before `group.leave()`, read after `wait()`.
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
