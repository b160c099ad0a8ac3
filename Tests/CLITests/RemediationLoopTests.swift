import Foundation
import Testing

/// The remediation commands as an operator uses them, all real processes: `sim up` serves KubeSim,
/// `kubectl` installs the CRD and RBAC from deploy/, `sim stage quota` lands the incident, then
/// `propose --create`, `actions`, `show`, `approve`, `controller`, `undo` and `reject`.
@Suite("remediation loop through the CLI", .serialized)
struct RemediationLoopTests {
    let kubectl = CLIProcess.which("kubectl")

    func kars(_ arguments: [String], _ sim: SimulatorProcess, timeout: Double = 60) async throws -> CLIProcess.Output {
        try await CLIProcess.run(CLIProcess.binary, arguments + ["--kubeconfig", sim.kubeconfig], timeout: timeout)
    }

    func actionsJSON(_ sim: SimulatorProcess) async throws -> [[String: Any]] {
        let listed = try await kars(["actions", "-o", "json"], sim)
        let json = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any]
        return json?["actions"] as? [[String: Any]] ?? []
    }

    func phase(of id: String, _ sim: SimulatorProcess) async throws -> String? {
        try await actionsJSON(sim).first { $0["id"] as? String == id }?["phase"] as? String
    }

    /// Polls `body` every 0.25 s until it returns true or `timeout` seconds pass.
    func poll(timeout: Double, _ body: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await body() { return true }
            try await Task.sleep(for: .milliseconds(250))
        }
        return try await body()
    }

    @Test("propose, approve, execute, recover, undo and reject with the real binary and kubectl")
    func quotaIncidentEndToEnd() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.binary), "build kars-sre first")
        let kubectl = try #require(kubectl, "kubectl is needed to install the manifests")
        let sim = try await SimulatorProcess.start(load: [])
        defer { sim.stop() }
        let env = ["KUBECONFIG": sim.kubeconfig]
        let deploy = CLIProcess.repositoryRoot.appendingPathComponent("deploy").path

        if try await CLIProcess.run(kubectl, ["get", "namespace", "kars-sre"], environment: env).status != 0 {
            let namespace = try await CLIProcess.run(kubectl, ["create", "namespace", "kars-sre"], environment: env)
            #expect(namespace.status == 0, "\(namespace.stderr)")
        }
        let install = try await CLIProcess.run(
            kubectl, ["apply", "-f", "\(deploy)/crds/karssreactions.yaml", "-f", "\(deploy)/rbac/"], environment: env)
        #expect(install.status == 0, "\(install.stderr)")
        let established = try await CLIProcess.run(
            kubectl, ["wait", "--for", "condition=Established", "crd/karssreactions.kars.azure.com", "--timeout", "30s"],
            environment: env)
        #expect(established.status == 0, "\(established.stderr)")

        let empty = try await kars(["actions"], sim)
        #expect(empty.status == 0 && empty.stdout.contains("No KarsSREActions."), "\(empty.stdout)\(empty.stderr)")

        let staged = try await kars(["sim", "stage", "quota", "--timeout", "120"], sim, timeout: 150)
        try #require(staged.status == 0, "\(staged.stdout)\(staged.stderr)")

        let proposed = try await kars(["propose", "--create", "-A"], sim)
        #expect(proposed.status == 0, "\(proposed.stderr)")
        let id = try #require(
            proposed.stdout.split(separator: " ").map(String.init).first { $0.hasPrefix("deleteresourcequota-") }?
                .trimmingCharacters(in: CharacterSet(charactersIn: ":")),
            "\(proposed.stdout)")
        #expect(proposed.stdout.contains("kars-sre approve \(id)"), "\(proposed.stdout)")
        let again = try await kars(["propose", "--create", "-A"], sim)
        #expect(again.stdout.contains("already proposed as \(id)"), "one live action per incident: \(again.stdout)")

        let table = try await kars(["actions"], sim)
        for column in ["ID", "PHASE", "TYPE", "TARGET", "AGE", "DETECTOR"] { #expect(table.stdout.contains(column)) }
        #expect(table.stdout.contains(id) && table.stdout.contains("Proposed") && table.stdout.contains("cli"))

        let controller = Process()
        controller.executableURL = URL(fileURLWithPath: CLIProcess.binary)
        controller.arguments = [
            "controller", "--kubeconfig", sim.kubeconfig, "--no-leader-election", "--settle", "1s", "--resync", "2s",
        ]
        controller.standardOutput = FileHandle.nullDevice
        controller.standardError = FileHandle.nullDevice
        try controller.run()
        defer { controller.terminate() }  // Foundation reaps it; no blocking wait here

        let previewed = try await poll(timeout: 60) { try await kars(["show", id], sim).stdout.contains("would delete ResourceQuota") }
        #expect(previewed, "the controller stores a dry-run preview before approval")

        let approved = try await kars(["approve", id], sim)
        #expect(approved.status == 0, "\(approved.stdout)\(approved.stderr)")
        let recovered = try await poll(timeout: 120) { try await phase(of: id, sim) == "Recovered" }
        let finalPhase = try await phase(of: id, sim)
        #expect(recovered, "phase: \(finalPhase ?? "none")")

        let quota = try await CLIProcess.run(kubectl, ["get", "resourcequota", "-A", "-o", "name"], environment: env)
        #expect(quota.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "quota deleted: \(quota.stdout)")
        let grants = try await CLIProcess.run(
            kubectl, ["get", "roles,rolebindings", "-A", "-l", "kars.azure.com/one-shot", "-o", "name"],
            environment: env)
        #expect(grants.status == 0 && grants.stdout.isEmpty, "no one-shot grant left: \(grants.stdout)")

        let shown = try await kars(["show", id], sim)
        for part in ["Recovered", "Rollback", "approved by"] {
            #expect(shown.stdout.contains(part), "show lacks \(part):\n\(shown.stdout)")
        }

        let undone = try await kars(["undo", id], sim)
        #expect(undone.status == 0, "\(undone.stderr)")
        let undoID = try #require(
            undone.stdout.split(separator: " ").map(String.init).first { $0.hasPrefix("restoreresourcequota-") }?
                .trimmingCharacters(in: CharacterSet(charactersIn: ":")),
            "\(undone.stdout)")
        #expect(try await phase(of: undoID, sim) == "Proposed", "undo only proposes; it needs its own approval")

        let rejected = try await kars(["reject", undoID, "--reason", "the quota stays off until the sizing review"], sim)
        #expect(rejected.status == 0, "\(rejected.stderr)")
        #expect(try await phase(of: undoID, sim) == "Rejected")
        let rejectAgain = try await kars(["approve", undoID], sim)
        #expect(rejectAgain.status != 0 && rejectAgain.stderr.contains("Rejected"), "\(rejectAgain.stderr)")

        let unknown = try await kars(["show", "no-such-action"], sim)
        #expect(unknown.status != 0 && unknown.stderr.contains("no-such-action"), "\(unknown.stderr)")
    }
}
