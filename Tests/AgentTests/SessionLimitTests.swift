import ClusterState
import Diagnosis
import Foundation
import KubeModels
import Testing
import TestSupport

@testable import Agent

/// A denied tool and an exhausted budget, on a snapshot-free empty cluster.
@Suite("Session limits")
struct SessionLimitTests {
    func makeRuntime(_ directory: TemporaryDirectory, llm: String, policy: String? = nil, budget: Int? = nil) throws -> AgentRuntime {
        var settings = AgentSettings()
        settings.stateDir = directory.file("state")
        settings.endpoint = llm
        settings.tokenBudget = budget
        if let policy { settings.policy = try directory.write("policy.yaml", policy) }
        return try AgentRuntime(settings: settings, environment: ToolEnvironment(cluster: FixedClusterSource(try ClusterState(objects: [], now: Date()))))
    }

    @Test("a denied tool is not run; the model and the user see the decision and the policy's name")
    func deniedTool() async throws {
        let directory = try TemporaryDirectory(prefix: "kars-deny")
        defer { directory.remove() }
        let llm = try await ScriptedLLMServer.start { body in
            body.messages(role: "tool").isEmpty ? .toolCalls([("diagnose", [:]), ("explain", ["text": "OOMKilled"])]) : .text("The policy denied diagnose.")
        }
        let runtime = try makeRuntime(directory, llm: llm.url, policy: """
            version: "1.0"
            agent: locked
            policies:
              - {name: explain-only, type: capability, allowed_actions: ["tool:explain:*"], priority: 1}
              - {name: no-diagnose, type: capability, denied_actions: ["tool:diagnose:*"], priority: 1}
            """)
        let session = runtime.session(llm: HTTPLLMClient(configuration: try #require(try runtime.settings.providerConfiguration())))
        let shown = EventLog()
        let result = try await session.ask("what is broken?") { shown.add($0) }
        await llm.shutdown()
        #expect(result.answer == "The policy denied diagnose.")
        let toolMessages = try JSONParser.parse(try #require(llm.requests.last).body).messages(role: "tool").compactMap { $0["content"]?.stringValue }
        #expect(toolMessages[0].contains("DENIED by the tool policy: tool:diagnose:"))
        #expect(toolMessages[0].contains("no-diagnose"))
        #expect(toolMessages[1].contains("OOMKilled"))
        #expect(shown.decisions == ["tool:diagnose:=deny:no-diagnose", "tool:explain:=allow:explain-only"])
        let audit = try #require(directory.read("state/audit.jsonl"))
        #expect(audit.contains(#""decision":"deny""#) && audit.contains(#""policy":"no-diagnose""#))
    }

    @Test("an exhausted budget refuses before calling the model, naming the budget and the reset")
    func exhaustedBudget() async throws {
        let directory = try TemporaryDirectory(prefix: "kars-budget-turn")
        defer { directory.remove() }
        let llm = try await ScriptedLLMServer.start { _ in .text("ok") }
        let runtime = try makeRuntime(directory, llm: llm.url, budget: 200)
        let session = runtime.session(llm: HTTPLLMClient(configuration: try #require(try runtime.settings.providerConfiguration())))
        // 120 tokens: under the budget; the next turn still starts, and spends it (240 >= 200).
        _ = try await session.ask("one")
        _ = try await session.ask("two")
        #expect(llm.requests.count == 2)
        do {
            _ = try await session.ask("three")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.description.contains("refused: the daily token budget of 200 tokens is spent"))
            #expect(error.description.contains("resets at"))
        }
        #expect(llm.requests.count == 2)
        // Persisted: a new runtime on the same state directory refuses too.
        let again = try makeRuntime(directory, llm: llm.url, budget: 200).session(llm: HTTPLLMClient(configuration: try #require(try runtime.settings.providerConfiguration())))
        await #expect(throws: AgentError.self) { _ = try await again.ask("four") }
        #expect(llm.requests.count == 2)
        await llm.shutdown()
    }

    @Test("requirePromptShields refuses an answer without prompt_filter_results")
    func promptShields() async throws {
        let directory = try TemporaryDirectory(prefix: "kars-shields")
        defer { directory.remove() }
        let llm = try await ScriptedLLMServer.start { _ in .text("unfiltered") }
        var settings = AgentSettings()
        settings.stateDir = directory.file("state")
        settings.endpoint = llm.url
        settings.requirePromptShields = true
        let runtime = try AgentRuntime(settings: settings, environment: ToolEnvironment(cluster: FixedClusterSource(try ClusterState(objects: [], now: Date()))))
        let session = runtime.session(llm: HTTPLLMClient(configuration: try #require(try settings.providerConfiguration())))
        do {
            _ = try await session.ask("hi")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.description.contains("prompt_filter_results"))
        }
        await llm.shutdown()
    }
}

/// Records the decisions a session reports.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String] = []
    func add(_ event: AgentEvent) {
        if case .toolCall(_, let action, let decision) = event {
            lock.withLock { entries.append("\(action)=\(decision?.verdict ?? "error"):\(decision?.policy ?? "-")") }
        }
    }
    var decisions: [String] { lock.withLock { entries } }
}
