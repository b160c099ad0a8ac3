import Foundation
import KubeModels
import Testing
@testable import KubeSim

/// Each staged incident, snapshotted, is diagnosed by the real `kars-sre` binary with the finding
/// class and typed action of the matching public scenario.
@Suite("Staged incidents are diagnosed like the public scenarios")
struct StagedDiagnosisTests {
    /// `.build/debug/kars-sre`, found from this file's path.
    static let binary: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent(".build/debug/kars-sre").path
    }()

    static var binaryBuilt: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    struct Expected: Sendable, CustomTestStringConvertible {
        var scenario: StageScenario
        var findings: [(class: String, kind: String, namespace: String?, name: String?)]
        var actions: [[String: String]]
        /// Simulated seconds to let the incident develop after staging.
        var develop: Double = 120
        var testDescription: String { scenario.rawValue }
    }

    static let cases: [Expected] = [
        Expected(
            scenario: .quota, findings: [("QuotaExceeded", "Deployment", "kars-research", "research")],
            actions: [["type": "DeleteResourceQuota", "namespace": "kars-research", "name": "platform-hardening"]]),
        Expected(
            scenario: .imageTypo, findings: [("ImagePullFailure", "Deployment", "shop", "web")],
            actions: [["type": "PatchDeploymentImage", "namespace": "shop", "name": "web", "container": "web", "image": "nginx:1.25.3"]]),
        Expected(
            scenario: .crashloopRollout, findings: [("CrashLoopBackOff", "Deployment", "payments", "api")],
            actions: [[
                "type": "PatchDeploymentImage", "namespace": "payments", "name": "api", "container": "api",
                "image": "ghcr.io/acme/payments-api:1.9.4",
            ]], develop: 300),
        Expected(
            scenario: .scaledToZero, findings: [("ServiceNoEndpoints", "Service", "shop", "checkout")],
            actions: [["type": "ScaleDeployment", "namespace": "shop", "name": "checkout", "replicas": "2"]]),
        Expected(
            scenario: .nodeLost,
            findings: [("NodeNotReady", "Node", nil, nil), ("StuckTerminating", "StatefulSet", "data", "db")],
            actions: [["type": "DeletePod", "namespace": "data", "name": "db-0"]], develop: 240),
        Expected(scenario: .oom, findings: [("OOMKilled", "Deployment", "batch", "worker")], actions: [], develop: 300),
        Expected(scenario: .unschedulable, findings: [("Unschedulable", "Deployment", "ml", "trainer")], actions: []),
        Expected(scenario: .missingConfig, findings: [("ConfigMissing", "Deployment", "billing", "invoicer")], actions: []),
    ]

    @Test(
        "diagnosis of a staged incident", .enabled(if: binaryBuilt, "kars-sre is not built: run `swift build` first"),
        arguments: cases)
    func diagnose(_ expected: Expected) async throws {
        let sim = await KubeSimulation.start()
        let report = try await Stage.apply(expected.scenario, on: sim)
        #expect(report.observed, "\(report)")
        await sim.advance(by: expected.develop)
        let path = try await sim.writeSnapshot(named: expected.scenario.rawValue)
        await sim.stop()
        let output = try await Self.run([Self.binary, "diagnose", "--snapshot", path, "-o", "json"])
        let json = try JSONReader.parse(output)
        let findings = json["findings"]?.arrayValue ?? []
        let summary = findings.map { finding in
            "\(finding["class"]?.stringValue ?? "?") \(finding["kind"]?.stringValue ?? "?") "
                + "\(finding["namespace"]?.stringValue ?? "-")/\(finding["name"]?.stringValue ?? "?") "
                + "action=\(finding["action"].map { JSONWriter.string($0) } ?? "null") "
                + "withheld=\(finding["actionWithheld"]?.stringValue ?? "")"
        }.joined(separator: "\n")
        for want in expected.findings {
            let match = findings.contains { finding in
                finding["class"]?.stringValue == want.class && finding["kind"]?.stringValue == want.kind
                    && (want.namespace == nil || finding["namespace"]?.stringValue == want.namespace)
                    && (want.name == nil || finding["name"]?.stringValue == want.name)
            }
            #expect(match, "missing \(want.class) \(want.kind) \(want.namespace ?? "-")/\(want.name ?? "*") in:\n\(summary)")
        }
        let actions = findings.compactMap { $0["action"] }.filter { !$0.isNull }
        for want in expected.actions {
            let match = actions.contains { action in
                want.allSatisfy { key, value in (action[key]?.stringValue ?? action[key].map { $0.scalarText }) == value }
            }
            #expect(match, "missing action \(want) in:\n\(summary)")
        }
        if expected.actions.isEmpty {
            #expect(actions.isEmpty, "no action expected, got:\n\(summary)")
        }
        if let directory = ProcessInfo.processInfo.environment["KUBESIM_KEEP_SNAPSHOTS"] {
            try? FileManager.default.copyItem(atPath: path, toPath: "\(directory)/\(expected.scenario.rawValue).json")
        }
        // Nothing is reported in the healthy system namespaces.
        #expect(!findings.contains { $0["namespace"]?.stringValue == "kube-system" }, "\(summary)")
    }

    static func run(_ arguments: [String]) async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kars-sre-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outPath = directory.appendingPathComponent("out").path
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let _: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    }
}
