import Foundation
import Testing

/// `kars-sre demo`, the README's main command, as a newcomer runs it: the real binary, its own
/// embedded KubeSim, the quota incident from staging to Recovered, unattended with --yes.
@Suite("kars-sre demo", .serialized)
struct DemoTests {
    @Test("the quota incident is detected, proposed, approved, executed and recovered")
    func quotaLoopRecovers() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.binary), "build kars-sre first")
        let result = try await CLIProcess.run(
            CLIProcess.binary, ["demo", "--yes", "--settle", "2s", "--timeout", "4m"], timeout: 300)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let steps = [
            "installed", "staging quota", "incident detected: KarsSREAction deleteresourcequota-",
            "diagnosis: QuotaExceeded", "preview (server-side dry run): would delete ResourceQuota kars-research/platform-hardening",
            "approving", "approved by", "applied with one-shot least privilege", "recovered", "time to recover:",
        ]
        var rest = Substring(result.stdout)
        for step in steps {
            guard let found = rest.range(of: step) else {
                Issue.record("missing or out of order: \(step)\n\(result.stdout)")
                break
            }
            rest = rest[found.upperBound...]
        }
    }

    @Test(
        "the other staged incidents end Recovered too",
        arguments: ["image-typo", "crashloop-rollout", "scaled-to-zero", "node-lost"])
    func otherScenariosRecover(scenario: String) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.binary), "build kars-sre first")
        let result = try await CLIProcess.run(
            CLIProcess.binary, ["demo", "--yes", "--scenario", scenario, "--settle", "2s", "--timeout", "4m"], timeout: 300)
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("incident detected") && result.stdout.contains("time to recover:"), "\(result.stdout)")
        if scenario == "node-lost" {
            // Found by re-diagnosis once the pod is past its deletion deadline: no event announces that.
            #expect(result.stdout.contains("diagnosis: StuckTerminating"), "\(result.stdout)")
            #expect(result.stdout.contains("fix: DeletePod data/db-0"), "\(result.stdout)")
        }
    }

    @Test("without a terminal and without --yes it refuses to start, saying why")
    func unattendedNeedsYes() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.binary), "build kars-sre first")
        let result = try await CLIProcess.run(CLIProcess.binary, ["demo"], timeout: 60)
        #expect(result.status != 0)
        #expect(result.stderr.contains("--yes"), "\(result.stderr)")
    }

    @Test("an unknown scenario is refused with the list of scenarios")
    func unknownScenario() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.binary), "build kars-sre first")
        let result = try await CLIProcess.run(CLIProcess.binary, ["demo", "--scenario", "meltdown", "--yes"], timeout: 60)
        #expect(result.status != 0)
        #expect(result.stderr.contains("meltdown") && result.stderr.contains("image-typo"), "\(result.stderr)")
    }
}
