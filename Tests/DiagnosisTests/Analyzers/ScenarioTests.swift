import ClusterState
import Diagnosis
import Foundation
import KubeModels
import Testing

/// The public scenarios (../shared/scenarios), checked with the scorer's rules.
@Suite("Public scenarios")
struct ScenarioTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/scenarios")

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter {
            FileManager.default.fileExists(atPath: root.appendingPathComponent("\($0)/expected.json").path)
        }.sorted()
    }

    @Test("each scenario's findings and actions are exactly the expected ones", arguments: ScenarioTests.names)
    func scenario(name: String) throws {
        let directory = Self.root.appendingPathComponent(name)
        let state = try SnapshotLoader.load(paths: [directory.appendingPathComponent("cluster.json").path])
        let findings = Diagnoser().diagnose(AnalysisContext(state: state)).findings
        let expected = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: directory.appendingPathComponent("expected.json")))
        func key(_ value: JSONValue) -> String {
            ["class", "namespace", "kind", "name"].map { value[$0]?.stringValue ?? "null" }.joined(separator: "|")
        }
        let want = Set((expected["findings"]?.arrayValue ?? []).map(key))
        let optional = Set((expected["optional"]?.arrayValue ?? []).map(key))
        let have = Set(findings.map { "\($0.class.rawValue)|\($0.namespace ?? "null")|\($0.kind)|\($0.name)" })
        #expect(want.subtracting(have).isEmpty, "missing: \(want.subtracting(have))")
        #expect(have.subtracting(want).subtracting(optional).isEmpty, "unexpected: \(have.subtracting(want).subtracting(optional))")
        let actions = try findings.compactMap(\.action).map { try JSONValue(encoding: $0) }
        let expectedActions = expected["actions"]?.arrayValue ?? []
        #expect(actions.count == expectedActions.count, "actions \(actions.map { $0.jsonString() })")
        for wanted in expectedActions {
            let fields = wanted.objectValue ?? [:]
            #expect(actions.contains { action in fields.allSatisfy { action[$0.key] == $0.value } }, "missing action \(wanted.jsonString())")
        }
        for finding in findings {
            #expect(!finding.summary.isEmpty && !finding.evidence.isEmpty, "\(finding.class) has a summary and evidence")
        }
    }
}
