import Foundation
import Testing

/// `kars-sre diagnose` against a live API server (KubeSim over HTTPS, started by `kars-sre sim up`)
/// finds exactly what it finds in the same cluster's snapshot.
@Suite("diagnose against a live cluster", .serialized)
struct LiveDiagnoseTests {
    static let cases = ["quota-blocks-sandbox", "image-tag-typo", "node-lost-stuck-terminating", "scaled-to-zero"]

    func findings(_ output: String) throws -> [String] {
        let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        let findings = json?["findings"] as? [[String: Any]] ?? []
        return findings.map { finding in
            let action = (finding["action"] as? [String: Any]).map { action in
                action.keys.sorted().map { "\($0)=\(action[$0] ?? "")" }.joined(separator: ",")
            } ?? "none"
            return "\(finding["class"] ?? "")|\(finding["namespace"] ?? "null")|\(finding["kind"] ?? "")|\(finding["name"] ?? "")|\(action)"
        }.sorted()
    }

    @Test("live findings equal snapshot findings", arguments: LiveDiagnoseTests.cases)
    func liveEqualsSnapshot(scenario: String) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.binary), "build kars-sre first")
        let snapshot = CLIProcess.scenarios.appendingPathComponent("\(scenario)/cluster.json").path
        try #require(FileManager.default.fileExists(atPath: snapshot), "public scenarios not found at \(snapshot)")
        let offline = try await CLIProcess.run(CLIProcess.binary, ["diagnose", "--snapshot", snapshot, "-o", "json"])
        #expect(offline.status == 1, "findings give exit status 1: \(offline.stderr)")
        let snapshotNow = try #require(try Self.newestTime(offline: snapshot))

        let sim = try await SimulatorProcess.start(load: [snapshot])
        defer { sim.stop() }
        let live = try await CLIProcess.run(
            CLIProcess.binary, ["diagnose", "-A", "--kubeconfig", sim.kubeconfig, "--now", snapshotNow, "-o", "json"])
        #expect(live.status == 1, "live diagnose: \(live.stderr)")
        #expect(try findings(live.stdout) == findings(offline.stdout))
    }

    @Test("an unreachable cluster is one line naming the server and the kubeconfig")
    func unreachable() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.binary), "build kars-sre first")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let kubeconfig = directory.appendingPathComponent("config").path
        try """
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]
            users: [{name: u, user: {token: secret-token-value}}]
            contexts: [{name: dev, context: {cluster: c, user: u}}]
            current-context: dev
            """.write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        let result = try await CLIProcess.run(CLIProcess.binary, ["diagnose", "--kubeconfig", kubeconfig])
        #expect(result.status != 0 && result.status != 1)
        let lines = result.stderr.split(separator: "\n").filter { !$0.isEmpty }
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("https://127.0.0.1:9") && result.stderr.contains(kubeconfig) && result.stderr.contains("dev"))
        #expect(!result.stderr.contains("secret-token-value"), "secrets are never printed")
    }

    @Test("a malformed kubeconfig names the file and the field; a missing context lists the others")
    func badKubeconfig() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.binary), "build kars-sre first")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let kubeconfig = directory.appendingPathComponent("config").path
        try "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {}\ncontexts: [{name: a, context: {cluster: c, user: u}}, {name: b, context: {cluster: c, user: u}}]\nusers: [{name: u, user: {token: t}}]\ncurrent-context: a\n"
            .write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        let malformed = try await CLIProcess.run(CLIProcess.binary, ["cluster-info", "--kubeconfig", kubeconfig])
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains(kubeconfig) && malformed.stderr.contains("server"), "\(malformed.stderr)")
        let missing = try await CLIProcess.run(CLIProcess.binary, ["cluster-info", "--kubeconfig", kubeconfig, "--context", "nope"])
        #expect(missing.stderr.contains("\"nope\"") && missing.stderr.contains("a, b"), "\(missing.stderr)")
    }

    /// The snapshot's "now", read back from the offline run is not printed; compute it the same way the
    /// product does by asking for a text diagnosis with a fixed clock instead: use the newest lastTimestamp.
    static func newestTime(offline snapshot: String) throws -> String? {
        let data = try Data(contentsOf: URL(fileURLWithPath: snapshot))
        let text = String(decoding: data, as: UTF8.self)
        let pattern = try NSRegularExpression(pattern: "\"(?:lastTimestamp|lastHeartbeatTime|lastObservedTime|lastTransitionTime)\": ?\"([0-9T:\\-.Z]+)\"")
        let matches = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text))
        let times = matches.compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } }
        return times.map { $0.replacingOccurrences(of: ".000000", with: "") }.max()
    }
}
