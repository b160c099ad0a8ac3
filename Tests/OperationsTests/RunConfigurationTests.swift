import Foundation
import Testing

@testable import Operations

/// The configuration of `kars-sre run`: precedence (flags > environment > file > defaults) and
/// validation that names the setting, where its value came from and what to do.
@Suite("run configuration")
struct RunConfigurationTests {
    static func file(_ text: String) throws -> ConfigLayer {
        try ConfigLayer.file(text: text, source: "config.yaml")
    }

    static func problems(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let error as RunConfigurationError {
            return error.problems
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test("defaults hold when nothing is configured")
    func defaults() throws {
        let configuration = try RunConfiguration.load(flags: [], environment: [:], configFile: nil)
        #expect(configuration.namespace == "kars-sre")
        #expect(configuration.controller.settle == 20)
        #expect(configuration.controller.recoveryTimeout == 300)
        #expect(configuration.leaderElection?.leaseName == "kars-sre-controller")
        #expect(configuration.leaderElection?.leaseDuration == 15)
        #expect(configuration.watcher.scope.include == ["kars-*"])
        #expect(configuration.watcher.scope.exclude.contains("kube-*"))
        #expect(configuration.console.port == 8080)
        #expect(configuration.console.auth == .tokenReview)
        #expect(configuration.notifyEnvironment.isEmpty)
        #expect(configuration.effective.allSatisfy { $0.source == "default" })
    }

    @Test("flags beat the environment, which beats the file, which beats the defaults")
    func precedence() throws {
        let file = try Self.file(
            """
            controller:
              settle: 1m
              recoveryTimeout: 7m
              resync: 45s
            watcher:
              include: [team-*, kars-*]
            console: {port: 9000}
            """)
        let environment = try ConfigLayer.environment([
            "KARS_SRE_CONTROLLER_SETTLE": "40s", "KARS_SRE_CONTROLLER_RECOVERY_TIMEOUT": "9m", "PATH": "/usr/bin",
            "KARS_SRE_LLM_MODEL": "gpt-4o",  // the agent's: not a run setting, left alone
        ])
        let flags = try ConfigLayer.flags([("controller.settle", "5s")])
        let configuration = try RunConfiguration.resolve(layers: [flags, environment, file])
        #expect(configuration.controller.settle == 5)  // flag
        #expect(configuration.controller.recoveryTimeout == 540)  // environment over file
        #expect(configuration.controller.resync == 45)  // file over default
        #expect(configuration.controller.retention == 3600)  // default
        #expect(configuration.watcher.scope.include == ["team-*", "kars-*"])
        #expect(configuration.console.port == 9000)
        let sources = Dictionary(uniqueKeysWithValues: configuration.effective.map { ($0.key, $0.source) })
        #expect(sources["controller.settle"] == "flags")
        #expect(sources["controller.recoveryTimeout"] == "environment")
        #expect(sources["controller.resync"] == "config.yaml")
        #expect(sources["controller.retention"] == "default")
    }

    @Test("a config file in JSON and with dotted keys reads the same as nested YAML")
    func jsonAndDottedKeys() throws {
        let json = try Self.file(
            #"{"leaderElection": {"leaseDuration": "30s", "renewDeadline": "20s"}, "controller.budget": 3}"#)
        let configuration = try RunConfiguration.resolve(layers: [json])
        #expect(configuration.leaderElection?.leaseDuration == 30)
        #expect(configuration.leaderElection?.renewDeadline == 20)
        #expect(configuration.controller.budget == 3)
    }

    @Test("unknown keys in the file, the environment or --set are errors with a suggestion")
    func unknownKeys() {
        let fileProblems = Self.problems { _ = try Self.file("controller:\n  setle: 30s\nconsol:\n  port: 1\n") }
        #expect(fileProblems.count == 2, "\(fileProblems)")
        #expect(
            fileProblems.contains {
                $0.contains("unknown setting controller.setle in config.yaml (did you mean controller.settle?)")
            })
        #expect(fileProblems.contains { $0.contains("unknown setting consol") })
        let environmentProblems = Self.problems { _ = try ConfigLayer.environment(["KARS_SRE_CONTROLER_SETTLE": "1m"]) }
        #expect(
            environmentProblems.first?.contains(
                "KARS_SRE_CONTROLER_SETTLE is not a kars-sre run setting (did you mean KARS_SRE_CONTROLLER_SETTLE?)")
                == true, "\(environmentProblems)")
        let flagProblems = Self.problems { _ = try ConfigLayer.flags([("settle", "1m")]) }
        #expect(flagProblems.first?.contains("did you mean controller.settle") == true, "\(flagProblems)")
        #expect(
            Self.problems { _ = try ConfigLayer.parseAssignment("controller.settle") }.first?.contains("KEY=VALUE")
                == true)
    }

    @Test("bad values are reported together, each naming the setting and its source")
    func badValues() throws {
        let file = try Self.file(
            """
            controller: {settle: soon, budget: 5000}
            watcher: {include: ["kars-[", "Team"]}
            console: {auth: basic, url: "not a url"}
            leaderElection: {enabled: maybe}
            """)
        let environment = try ConfigLayer.environment(["KARS_SRE_NAMESPACE": "Kars_SRE"])
        let problems = Self.problems { _ = try RunConfiguration.resolve(layers: [environment, file]) }
        #expect(problems.count == 7, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("controller.settle (from config.yaml): \"soon\" is not a duration") })
        #expect(
            problems.contains {
                $0.hasPrefix("controller.budget (from config.yaml): 5000 is out of range: use 0...1000")
            })
        #expect(
            problems.contains { $0.hasPrefix("watcher.include (from config.yaml): \"kars-[\" is not a namespace glob") }
        )
        #expect(
            problems.contains { $0.hasPrefix("console.auth (from config.yaml): \"basic\" is not one of: token, local") }
        )
        #expect(problems.contains { $0.hasPrefix("console.url (from config.yaml)") })
        #expect(
            problems.contains { $0.hasPrefix("leaderElection.enabled (from config.yaml): \"maybe\" is not a boolean") })
        #expect(
            problems.contains {
                $0.hasPrefix(
                    "namespace (from environment KARS_SRE_NAMESPACE): \"Kars_SRE\" is not a valid Kubernetes name")
            })
        #expect("\(RunConfigurationError(problems: problems))".hasPrefix("invalid configuration (7 problems):"))
    }

    @Test("durations: ms, s, m, h, d and combinations; zero, negative and unit-less are refused")
    func durations() {
        #expect(SettingParser.duration("500ms") == 0.5)
        #expect(SettingParser.duration("1h30m") == 5400)
        #expect(SettingParser.duration("2d") == 172_800)
        #expect(SettingParser.duration("1.5s") == 1.5)
        for bad in ["", "0s", "10", "-5s", "5 minutes", "s", "1x"] {
            #expect(SettingParser.duration(bad) == nil, "\(bad)")
        }
    }

    @Test("secret files must exist and be non-empty; their paths become the notifiers' *_FILE variables")
    func secretFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kars-run-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let token = directory.appendingPathComponent("token").path
        let empty = directory.appendingPathComponent("empty").path
        try Data("123:abc\n".utf8).write(to: URL(fileURLWithPath: token))
        try Data().write(to: URL(fileURLWithPath: empty))

        let missing = Self.problems {
            _ = try RunConfiguration.resolve(layers: [
                try Self.file("notify: {slack: {webhookURLFile: \(directory.path)/nope}, webhook: {urlFile: \(empty)}}")
            ])
        }
        #expect(
            missing.contains {
                $0.contains("notify.slack.webhookURLFile") && $0.contains("does not exist: mount the Secret there")
            }, "\(missing)")
        #expect(missing.contains { $0.contains("notify.webhook.urlFile") && $0.contains("is empty") }, "\(missing)")

        let withoutChat = Self.problems {
            _ = try RunConfiguration.resolve(layers: [try Self.file("notify: {telegram: {tokenFile: \(token)}}")])
        }
        #expect(withoutChat.first?.contains("notify.telegram.chatID") == true, "\(withoutChat)")

        let configuration = try RunConfiguration.resolve(layers: [
            try Self.file("notify: {telegram: {tokenFile: \(token), chatID: \"-100\", allowFrom: [42, 43]}}")
        ])
        #expect(configuration.notifyEnvironment["TELEGRAM_BOT_TOKEN_FILE"] == token)
        #expect(configuration.notifyEnvironment["TELEGRAM_CHAT_ID"] == "-100")
        #expect(configuration.notifyEnvironment["TELEGRAM_ALLOW_FROM"] == "42,43")
        // The token itself is nowhere in what is logged.
        #expect(!configuration.effective.contains { $0.value.contains("abc") })
    }

    @Test("leader election timings must nest, and local auth must stay on loopback")
    func crossChecks() throws {
        let timings = Self.problems {
            _ = try RunConfiguration.resolve(layers: [
                try Self.file("leaderElection: {leaseDuration: 10s, renewDeadline: 10s}")
            ])
        }
        #expect(timings.first?.contains("renewDeadline") == true, "\(timings)")
        let exposed = Self.problems {
            _ = try RunConfiguration.resolve(layers: [try ConfigLayer.flags([("console.auth", "local")])])
        }
        #expect(exposed.first?.contains("console.auth local with console.host 0.0.0.0") == true, "\(exposed)")
        let loopback = try RunConfiguration.resolve(layers: [
            try ConfigLayer.flags([
                ("console.auth", "local"), ("console.host", "127.0.0.1"), ("leaderElection.enabled", "false"),
            ])
        ])
        #expect(loopback.console.auth == .local)
        #expect(loopback.leaderElection == nil)
    }

    @Test("environment names are the keys in upper snake case")
    func environmentNames() {
        let names = Dictionary(uniqueKeysWithValues: RunSettings.all.map { ($0.key, $0.environmentName) })
        #expect(names["controller.recoveryTimeout"] == "KARS_SRE_CONTROLLER_RECOVERY_TIMEOUT")
        #expect(names["notify.telegram.chatID"] == "KARS_SRE_NOTIFY_TELEGRAM_CHAT_ID")
        #expect(names["notify.slack.webhookURLFile"] == "KARS_SRE_NOTIFY_SLACK_WEBHOOK_URL_FILE")
        #expect(names["leaderElection.leaseDuration"] == "KARS_SRE_LEADER_ELECTION_LEASE_DURATION")
        #expect(Set(names.values).count == names.count)
    }
}
