import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `kars-sre demo --console`: while the loop runs, the web console on 127.0.0.1 serves the
/// demo's cluster, and its JSON API shows the action the watcher proposed.
@Suite("kars-sre demo --console")
struct DemoConsoleTests {
    @Test("the console's /api/actions shows the demo's action while the loop runs")
    func consoleShowsTheAction() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.binary), "build kars-sre first")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kars-demo-console-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outPath = directory.appendingPathComponent("stdout").path
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIProcess.binary)
        // A long settle keeps the action in flight for a while after approval.
        process.arguments = ["demo", "--yes", "--console", "--console-port", "0", "--settle", "3s", "--timeout", "4m"]
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let session = URLSession(configuration: .ephemeral)
        defer {
            if process.isRunning { process.terminate() }
            session.invalidateAndCancel()
            try? output.close()
        }
        func printed() -> String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }

        var base: String?
        let deadline = Date().addingTimeInterval(240)
        while base == nil, process.isRunning, Date() < deadline {
            if let match = printed().range(of: #"console: http://127\.0\.0\.1:[0-9]+/"#, options: .regularExpression) {
                base = String(printed()[match].dropFirst("console: ".count).dropLast())
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let url = try #require(base, "no console URL printed:\n\(printed())")

        // Poll the API while the loop runs: the action appears once the watcher proposes it.
        var seen: [String: Set<String>] = [:]
        while process.isRunning, Date() < deadline {
            if let list = try? await Self.getJSON(session, url + "/api/actions") as? [String: Any],
                let rows = list["actions"] as? [[String: Any]]
            {
                for row in rows {
                    if let name = row["id"] as? String, let phase = row["phase"] as? String {
                        seen[name, default: []].insert(phase)
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(150))
        }
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!process.isRunning, "the demo did not end in time:\n\(printed())")
        #expect(process.terminationStatus == 0, "\(printed())")
        let action = seen.keys.first { $0.hasPrefix("deleteresourcequota-") }
        #expect(action != nil, "the console never listed the demo's action; saw \(seen)\n\(printed())")
        #expect(printed().contains(action ?? "?"), "the action the console listed is not the one the demo narrated")
    }

    /// GET and parse JSON without blocking a cooperative thread.
    static func getJSON(_ session: URLSession, _ url: String) async throws -> Any {
        guard let target = URL(string: url) else { throw URLError(.badURL) }
        let data: Data = try await withCheckedThrowingContinuation { continuation in
            let task = session.dataTask(with: URLRequest(url: target, timeoutInterval: 10)) { data, response, error in
                if let error {
                    continuation.resume(throwing: error)
                } else if let data, (response as? HTTPURLResponse)?.statusCode == 200 {
                    continuation.resume(returning: data)
                } else {
                    continuation.resume(throwing: URLError(.badServerResponse))
                }
            }
            task.resume()
        }
        return try JSONSerialization.jsonObject(with: data)
    }
}
