import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `kars-sre run` as the Deployment runs it, against `kars-sre sim up`: the watcher proposes the
/// quota fix, the console is ready, SIGTERM ends it cleanly and gives the Lease up, and of two
/// replicas only one leads.
@Suite("kars-sre run", .serialized)
struct RunCommandTests {
    static var manifest: String {
        let rendered = CLIProcess.repositoryRoot.appendingPathComponent("deploy/kars-sre.yaml").path
        return FileManager.default.fileExists(atPath: rendered)
            ? rendered : CLIProcess.repositoryRoot.appendingPathComponent("deploy").path
    }

    /// A replica on a loopback console with a free port, short intervals for tests.
    static func replica(
        _ identity: String, cluster: SimCluster, kubeconfig: String? = nil, extra: [String] = [],
        environment: [String: String] = [:]
    ) throws -> BackgroundProcess {
        try BackgroundProcess(
            identity,
            [
                "run", "--kubeconfig", kubeconfig ?? cluster.kubeconfig, "--identity", identity, "--host", "127.0.0.1",
                "--port", "0", "--set", "controller.settle=2s", "--set", "controller.resync=5s",
                // Generous renewal windows: a loaded CI machine must not make a leader step down;
                // takeover after a graceful stop does not wait for them (the Lease is released).
                "--set", "leaderElection.leaseDuration=30s", "--set", "leaderElection.renewDeadline=20s",
                "--set", "leaderElection.retryPeriod=1s",
            ] + extra, environment: environment)
    }

    /// The console port a replica announced.
    static func consolePort(_ process: BackgroundProcess) -> Int? {
        guard let range = process.output.range(of: "kars-sre console on http://127.0.0.1:") else { return nil }
        return Int(process.output[range.upperBound...].prefix { $0.isNumber })
    }

    static func get(_ url: String) async -> (Int, String) {
        guard let url = URL(string: url), let (data, response) = try? await URLSession.shared.data(from: url) else {
            return (0, "")
        }
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test(
        "against KubeSim with the quota incident: a KarsSREAction is proposed, /readyz is OK, SIGTERM exits 0 and releases the lease",
        .enabled(if: CLIProcess.which("kubectl") != nil, "needs kubectl"))
    func quotaProposedReadyAndGracefulShutdown() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.binary), "build kars-sre first")
        let cluster = try await SimCluster.start()
        var replica: BackgroundProcess?
        do {
            let install = try await cluster.karsSRE(["install", "--manifest", Self.manifest])
            try #require(install.status == 0, "\(install.stdout)\n\(install.stderr)")
            let run = try Self.replica(
                "replica-a", cluster: cluster, extra: ["--auth", "local"],
                // The llm overlay's variables: the chat page talks to this model (never called here).
                environment: [
                    "KARS_SRE_LLM_PROVIDER": "openai", "KARS_SRE_LLM_ENDPOINT": "http://127.0.0.1:9/v1",
                    "KARS_SRE_LLM_MODEL": "test-model", "KARS_SRE_LLM_API_KEY": "not-a-real-key",
                    "KARS_SRE_STATE_DIR": cluster.directory.appendingPathComponent("agent-state").path,
                ])
            replica = run
            #expect(await run.waitFor("watcher primed"), "\(run.output)")
            #expect(await run.waitFor("replica-a became the leader"), "\(run.output)")
            let stage = try await cluster.karsSRE(["sim", "stage", "quota"], timeout: 300)
            #expect(stage.status == 0, "\(stage.stdout)\n\(stage.stderr)")
            let proposed = try await eventually(timeout: 120) {
                try await cluster.actions().contains { $0.name.hasPrefix("deleteresourcequota-") }
            }
            #expect(proposed, "no DeleteResourceQuota action: \(run.output)")
            let port = try #require(Self.consolePort(run), "no console line: \(run.output)")
            let ready = await eventually(timeout: 60) { await Self.get("http://127.0.0.1:\(port)/readyz").0 == 200 }
            let readiness = await Self.get("http://127.0.0.1:\(port)/readyz")
            #expect(ready, "readyz: \(readiness)")
            #expect(await Self.get("http://127.0.0.1:\(port)/healthz").0 == 200)
            let chat = await Self.get("http://127.0.0.1:\(port)/chat")
            #expect(chat.0 == 200 && chat.1.contains("<code>test-model (openai)</code>"), "chat page: \(chat)")
            #expect(!chat.1.contains("not-a-real-key"))
            let metrics = await Self.get("http://127.0.0.1:\(port)/metrics").1
            #expect(metrics.contains("kars_sre_actions"), "\(metrics)")
            // The leader's watcher recorded the detection in the console's registry.
            let detections =
                metrics.split(separator: "\n")
                .first { $0.hasPrefix("kars_sre_detection_latency_seconds_count") }
                .flatMap { $0.split(separator: " ").last }.flatMap { Double($0) } ?? 0
            #expect(detections >= 1, "\(metrics)")
            #expect(try await cluster.leaseHolder() == "replica-a")

            let status = await run.signal(SIGTERM, timeout: 60)
            #expect(status == 0, "exit \(String(describing: status)): \(run.output)")
            #expect(try await cluster.leaseHolder() == "", "the lease was not released")
            #expect(run.output.contains("kars-sre run replica-a stopped"), "\(run.output)")
        } catch {
            Issue.record("\(error)")
        }
        await replica?.stop()
        await cluster.stop()
    }

    @Test(
        "two replicas: only one leads, and the other takes over when the leader stops",
        .enabled(if: CLIProcess.which("kubectl") != nil, "needs kubectl"))
    func twoReplicasOneLeader() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.binary), "build kars-sre first")
        let cluster = try await SimCluster.start()
        var replicas: [BackgroundProcess] = []
        do {
            let install = try await cluster.karsSRE(["install", "--manifest", Self.manifest])
            try #require(install.status == 0, "\(install.stdout)\n\(install.stderr)")
            let first = try Self.replica("replica-1", cluster: cluster, extra: ["--auth", "local"])
            let second = try Self.replica("replica-2", cluster: cluster, extra: ["--auth", "local"])
            replicas = [first, second]
            let elected = try await eventually(timeout: 90) { try await !cluster.leaseHolder().isEmpty }
            #expect(elected, "\(first.output)\n\(second.output)")
            // Both are up (each campaigns and serves its console) ...
            let firstUp = await first.waitFor("campaigning")
            let secondUp = await second.waitFor("campaigning")
            #expect(firstUp && secondUp, "\(first.output)\n---\n\(second.output)")
            let firstServes = await first.waitFor("kars-sre console on")
            let secondServes = await second.waitFor("kars-sre console on")
            #expect(firstServes && secondServes)
            // Leader or not, every replica is ready: the Service may send requests to either.
            for replica in replicas {
                let port = try #require(Self.consolePort(replica), "\(replica.output)")
                let ready = await eventually(timeout: 60) { await Self.get("http://127.0.0.1:\(port)/readyz").0 == 200 }
                #expect(ready, "\(replica.name) not ready")
            }
            // ... and several renewals later exactly one has ever led.
            try await Task.sleep(for: .seconds(4))
            let holder = try await cluster.leaseHolder()
            let leaders = replicas.filter { $0.output.contains("became the leader") }
            #expect(leaders.count == 1, "\(first.output)\n---\n\(second.output)")
            let leader = try #require(replicas.first { $0.name == holder }, "holder \(holder)")
            let follower = try #require(replicas.first { $0.name != holder })
            #expect(leader.output.contains("\(holder) became the leader"))

            #expect(await leader.signal(SIGTERM, timeout: 60) == 0, "\(leader.output)")
            #expect(await follower.waitFor("\(follower.name) became the leader", timeout: 60), "\(follower.output)")
            #expect(try await cluster.leaseHolder() == follower.name)
            #expect(await follower.signal(SIGINT, timeout: 60) == 0, "\(follower.output)")
        } catch {
            Issue.record("\(error)")
        }
        for replica in replicas { await replica.stop() }
        await cluster.stop()
    }

    @Test("a bad setting is refused at start, naming the setting and its source")
    func badSettingsRefused() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.binary), "build kars-sre first")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kars-run-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("config.yaml").path
        try Data("controller:\n  setle: 30s\nwatcher:\n  include: [\"kars-[\"]\n".utf8).write(
            to: URL(fileURLWithPath: file))
        let result = try await CLIProcess.run(
            CLIProcess.binary, ["run", "--config", file, "--check"],
            environment: ["KARS_SRE_CONTROLLER_RECOVERY_TIMEOUT": "soon"])
        #expect(result.status == 2, "\(result.stdout)\n\(result.stderr)")
        #expect(
            result.stderr.contains("controller.setle") && result.stderr.contains("did you mean controller.settle"),
            "\(result.stderr)")
        // The file's unknown key is reported before values are checked; fix it and the rest shows.
        try Data("controller:\n  settle: 30s\nwatcher:\n  include: [\"kars-[\"]\n".utf8).write(
            to: URL(fileURLWithPath: file))
        let second = try await CLIProcess.run(
            CLIProcess.binary, ["run", "--config", file, "--check"],
            environment: ["KARS_SRE_CONTROLLER_RECOVERY_TIMEOUT": "soon"])
        #expect(second.status == 2)
        #expect(
            second.stderr.contains("watcher.include (from \(file))") && second.stderr.contains("kars-["),
            "\(second.stderr)")
        #expect(
            second.stderr.contains("controller.recoveryTimeout (from environment KARS_SRE_CONTROLLER_RECOVERY_TIMEOUT)")
                && second.stderr.contains("not a duration"), "\(second.stderr)")
        let good = try await CLIProcess.run(
            CLIProcess.binary, ["run", "--config", file, "--check", "--set", "watcher.include=kars-*"],
            environment: ["KARS_SRE_CONTROLLER_RECOVERY_TIMEOUT": "10m"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("controller.settle=30s  (\(file))"), "\(good.stdout)")
        #expect(good.stdout.contains("controller.recoveryTimeout=10m  (environment)"))
        #expect(good.stdout.contains("watcher.include=kars-*  (flags)"))
    }
}
