import Foundation
import KubeModels
import Testing
import TestSupport

@testable import Agent

/// `kars-sre mcp` driven by an independent MCP client: the Python `mcp` package from PyPI
/// (`.ci/run` installs it), over stdio, against KubeSim with the quota incident staged.
@Suite("MCP interop")
struct MCPInteropTests {
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
        ?? "python3"

    /// Whether `import mcp` works in the python3 on PATH.
    static let pythonMCPAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import mcp.client.stdio"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    static let client = """
        import asyncio, json, sys
        from mcp import ClientSession, StdioServerParameters
        from mcp.client.stdio import stdio_client

        def text(result):
            return "".join(c.text for c in result.content if getattr(c, "type", "") == "text")

        async def main():
            params = StdioServerParameters(command=sys.argv[1], args=sys.argv[2:])
            async with stdio_client(params) as (read, write):
                async with ClientSession(read, write) as session:
                    init = await session.initialize()
                    tools = await session.list_tools()
                    diagnose = await session.call_tool("diagnose", {"namespace": "kars-research"})
                    denied = await session.call_tool("approve", {"name": "anything"})
                    print(json.dumps({
                        "server": init.serverInfo.name,
                        "protocol": init.protocolVersion,
                        "tools": [t.name for t in tools.tools],
                        "schema": tools.tools[0].inputSchema,
                        "diagnose": {"isError": bool(diagnose.isError), "text": text(diagnose)},
                        "denied": {"isError": bool(denied.isError), "text": text(denied)},
                    }))

        asyncio.run(main())
        """

    @Test(
        "the Python MCP client initializes, lists the tools and calls diagnose on KubeSim",
        .enabled(if: MCPInteropTests.pythonMCPAvailable, "python3 cannot import mcp: pip install mcp==1.26.0 (.ci/run does)"))
    func pythonClient() async throws {
        guard FileManager.default.isExecutableFile(atPath: BinaryRunner.binary) else {
            Issue.record("build kars-sre first: \(BinaryRunner.binary) is missing")
            return
        }
        let harness = try await AgentHarness.start(stage: .quota)
        let script = try harness.directory.write("client.py", Self.client)
        let state = harness.directory.file("mcp-state")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, BinaryRunner.binary, "mcp", "--kubeconfig", harness.kubeconfig, "--state-dir", state]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdout = DataCollector(out.fileHandleForReading)
        let stderr = DataCollector(err.fileHandleForReading)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
                DispatchQueue.global().asyncAfter(deadline: .now() + 60) { if process.isRunning { process.terminate() } }
            } catch {
                continuation.resume(throwing: error)
            }
        }
        let output = await stdout.text()
        let errors = await stderr.text()
        #expect(status == 0, "\(errors)")
        let result = try JSONParser.parse(Data(output.utf8))
        #expect(result["server"] == "kars-sre")
        #expect(result["tools"]?.arrayValue?.compactMap(\.stringValue) == ToolCatalog.all.map(\.name))
        #expect(result[path: "schema", "type"] == "object")
        #expect(result[path: "diagnose", "isError"] == false)
        let diagnosis = result[path: "diagnose", "text"]?.stringValue ?? ""
        #expect(diagnosis.contains("QuotaExceeded"), "\(diagnosis)")
        #expect(diagnosis.contains("platform-hardening"))
        #expect(diagnosis.hasPrefix("[policy: tool:diagnose:kars-research allowed by read-only-diagnosis]\n<cluster-data tool=\"diagnose\""))
        #expect(result[path: "denied", "isError"] == true)
        #expect(result[path: "denied", "text"]?.stringValue?.contains("DENIED") == true)
        let audit = try #require(harness.directory.read("mcp-state/audit.jsonl"))
        let lines = try audit.split(separator: "\n").map { try JSONParser.parse(Data($0.utf8)) }
        #expect(lines.map { $0["actor"]?.stringValue } == ["mcp", "mcp"])
        #expect(lines.map { $0["decision"]?.stringValue } == ["allow", "deny"])
        await harness.stop()
    }
}
