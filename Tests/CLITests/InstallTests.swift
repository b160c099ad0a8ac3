import Foundation
import Testing

/// `kars-sre install / status / uninstall` against `kars-sre sim up`, and the issue's proof: after
/// an install, the quota incident's loop completes with `kars-sre run` authenticated only by the
/// installed ServiceAccount's token (the installed RBAC alone is enough), not as admin.
@Suite("kars-sre install", .serialized)
struct InstallTests {
    /// The ServiceAccount the installed Deployment runs as (the controller's account until the
    /// rendered manifest with the Deployment exists).
    static func serviceAccount(in manifest: String) -> String {
        let text = (try? String(contentsOfFile: manifest, encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("serviceAccountName:") {
                return trimmed.dropFirst("serviceAccountName:".count).trimmingCharacters(
                    in: CharacterSet(charactersIn: " \"'"))
            }
        }
        return "kars-sre-controller"
    }

    @Test(
        "install, then the quota loop completes under the installed ServiceAccount's token; status; uninstall removes it all",
        .enabled(if: CLIProcess.which("kubectl") != nil, "needs kubectl"))
    func installedRBACRunsTheLoop() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.binary), "build kars-sre first")
        let manifest = RunCommandTests.manifest
        let cluster = try await SimCluster.start()
        var replica: BackgroundProcess?
        do {
            try await cluster.registerImages(of: manifest)
            let install = try await cluster.karsSRE(
                ["install", "--manifest", manifest, "--wait", "--timeout", "3m"], timeout: 240)
            try #require(install.status == 0, "\(install.stdout)\n\(install.stderr)")
            #expect(
                install.stdout.contains("applied CustomResourceDefinition/karssreactions.kars.azure.com"),
                "\(install.stdout)")
            // Server-side apply with field manager kars-sre.
            let managers = try await cluster.kubectl([
                "get", "crd", "karssreactions.kars.azure.com", "--show-managed-fields", "-o",
                "jsonpath={.metadata.managedFields[*].manager}",
            ])
            #expect(managers.stdout.contains("kars-sre"), "\(managers.stdout)")
            // With the rendered manifest, --wait waited for the simulated rollout of the Deployment.
            let manifestText = (try? String(contentsOfFile: manifest, encoding: .utf8)) ?? ""
            if manifestText.contains("kind: Deployment") {
                #expect(install.stdout.contains("rolled out"), "\(install.stdout)")
                let replicas = try await cluster.kubectl([
                    "get", "deployment", "kars-sre", "-n", "kars-sre", "-o",
                    "jsonpath={.status.readyReplicas}/{.spec.replicas}",
                ])
                let ready = replicas.stdout.split(separator: "/").map(String.init)
                #expect(ready.count == 2 && ready[0] == ready[1], "\(replicas.stdout)")
                #expect(
                    install.stdout.contains(
                        "Deployment kars-sre/kars-sre: \(ready.first ?? "?")/\(ready.first ?? "?") ready"),
                    "\(install.stdout)")
            }

            let account = Self.serviceAccount(in: manifest)
            let token = try await cluster.kubeconfig(serviceAccount: account, namespace: "kars-sre")
            // Sanity: this identity is not an admin.
            let canDeleteNodes = try await cluster.kubectl(["auth", "can-i", "delete", "nodes"], kubeconfig: token)
            #expect(
                canDeleteNodes.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "no",
                "\(canDeleteNodes.stdout)")

            let run = try RunCommandTests.replica("installed-sa", cluster: cluster, kubeconfig: token)
            replica = run
            #expect(await run.waitFor("watcher primed"), "\(run.output)")
            #expect(await run.waitFor("installed-sa became the leader"), "\(run.output)")
            let stage = try await cluster.karsSRE(["sim", "stage", "quota"], timeout: 300)
            #expect(stage.status == 0, "\(stage.stdout)\n\(stage.stderr)")
            var name = ""
            let proposed = try await eventually(timeout: 120) {
                name = try await cluster.actions().first { $0.name.hasPrefix("deleteresourcequota-") }?.name ?? ""
                return !name.isEmpty
            }
            try #require(proposed, "no DeleteResourceQuota action: \(run.output)")
            let approve = try await cluster.karsSRE(["approve", name])
            #expect(approve.status == 0, "\(approve.stdout)\n\(approve.stderr)")
            var phase = ""
            let ended = try await eventually(timeout: 240) {
                phase = try await cluster.actions().first { $0.name == name }?.phase ?? ""
                return ["Recovered", "Failed", "Rejected", "Expired"].contains(phase)
            }
            let forbidden = run.output.split(separator: "\n").filter { $0.contains("forbidden") || $0.contains("403") }
            #expect(
                ended && phase == "Recovered",
                "phase \(phase); forbidden lines: \(forbidden.joined(separator: "\n"))\n\(run.output)")

            let status = try await cluster.karsSRE(["status"])
            #expect(status.status == 0, "\(status.stderr)")
            #expect(status.stdout.contains("karssreactions.kars.azure.com: installed, established"), "\(status.stdout)")
            #expect(status.stdout.contains("Leader: installed-sa"), "\(status.stdout)")
            #expect(status.stdout.contains("Pending actions: 0"), "\(status.stdout)")
            let json = try await cluster.karsSRE(["status", "-o", "json"])
            #expect(json.stdout.contains("\"Recovered\" : 1"), "\(json.stdout)")

            #expect(await run.signal(SIGTERM, timeout: 60) == 0, "\(run.output)")

            let uninstall = try await cluster.karsSRE(["uninstall", "--manifest", manifest])
            #expect(uninstall.status == 0, "\(uninstall.stdout)\n\(uninstall.stderr)")
            #expect(uninstall.stdout.contains("deleted KarsSREAction/\(name)"), "\(uninstall.stdout)")
            // Actions first, then the objects in reverse install order (the CRD near the end).
            let lines = uninstall.stdout.split(separator: "\n").map(String.init)
            let actionLine = lines.firstIndex { $0.contains("deleted KarsSREAction/") } ?? Int.max
            let crdLine = lines.firstIndex { $0.contains("deleted CustomResourceDefinition/") } ?? -1
            #expect(actionLine < crdLine, "\(uninstall.stdout)")
            let crd = try await cluster.kubectl(["get", "crd", "karssreactions.kars.azure.com"])
            #expect(crd.status != 0 && crd.stderr.contains("NotFound"), "\(crd.stdout)\(crd.stderr)")
            let role = try await cluster.kubectl(["get", "clusterrole", "kars-sre-controller"])
            #expect(role.status != 0, "\(role.stdout)")
            let after = try await cluster.karsSRE(["status"])
            #expect(after.stdout.contains("not installed"), "\(after.stdout)")
        } catch {
            Issue.record("\(error)")
        }
        await replica?.stop()
        await cluster.stop()
    }
}
