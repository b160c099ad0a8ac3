import Foundation
import KubeModels
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `kars-sre talk`, the real binary, on a pseudo-terminal: raw mode while a line is typed, an
/// up-arrow recalls the previous question (of this session and of an earlier one), secret-looking
/// questions stay out of the history file, and the terminal is restored on Ctrl-D and on SIGTERM.
@Suite("kars-sre talk on a terminal", .serialized)
struct TalkTerminalTests {
    static let snapshot = AgentHarness.root.deletingLastPathComponent()
        .appendingPathComponent("shared/scenarios/quota-blocks-sandbox/cluster.json").path

    /// The model answers every question with "Answer to: QUESTION".
    static func echoModel() async throws -> ScriptedLLMServer {
        try await ScriptedLLMServer.start { body in
            .text("Answer to: \(body.messages(role: "user").last?["content"]?.stringValue ?? "?")")
        }
    }

    static func lastQuestion(_ llm: ScriptedLLMServer) -> String? {
        guard let request = llm.requests.last, let body = try? JSONParser.parse(request.body) else {
            return nil
        }
        return body.messages(role: "user").last?["content"]?.stringValue
    }

    /// Starts talk with the slave side of `terminal` as stdin and stdout.
    static func startTalk(_ terminal: PseudoTerminal, state: String, llm: ScriptedLLMServer) throws
        -> Process
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BinaryRunner.binary)
        process.arguments = [
            "talk", "--snapshot", snapshot, "--state-dir", state, "--llm-endpoint", llm.url,
        ]
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("KARS_SRE_") }
        environment["NO_COLOR"] = "1"
        environment["TERM"] = "xterm"
        process.environment = environment
        let handle = FileHandle(fileDescriptor: terminal.slave, closeOnDealloc: false)
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Waits for a fresh prompt after `marker` in the output.
    static func promptAfter(_ marker: String, in terminal: PseudoTerminal) async -> Bool {
        await waitUntil {
            let output = terminal.output
            guard let range = output.range(of: marker, options: .backwards) else { return false }
            return output[range.upperBound...].contains("you> ") && terminal.isRaw
        }
    }

    static func preconditionsMet() -> Bool {
        guard FileManager.default.isExecutableFile(atPath: BinaryRunner.binary) else {
            Issue.record("build kars-sre first: \(BinaryRunner.binary) is missing")
            return false
        }
        guard FileManager.default.fileExists(atPath: snapshot) else {
            Issue.record("scenario snapshot missing: \(snapshot)")
            return false
        }
        return true
    }

    @Test(
        "up-arrow recalls the previous question; a secret-looking one is not stored; Ctrl-D leaves and restores the terminal"
    )
    func upArrowRecalls() async throws {
        guard Self.preconditionsMet() else { return }
        let directory = try TemporaryDirectory(prefix: "kars-talk-pty")
        let llm = try await Self.echoModel()
        let terminal = try PseudoTerminal()
        let process: Process
        do {
            process = try Self.startTalk(terminal, state: directory.path, llm: llm)
        } catch {
            await terminal.close()
            await llm.shutdown()
            directory.remove()
            throw error
        }

        let firstPrompt = await Self.promptAfter("/exit", in: terminal)
        #expect(firstPrompt, "no prompt in raw mode: \(terminal.output)")
        terminal.type("why is resaerch down?")
        terminal.type(Array([[UInt8]](repeating: [0x1b, 0x5b, 0x44], count: 8).joined()))  // 8 × left: after "resaer"
        terminal.type([0x7f, 0x7f, 0x7f])  // backspace × 3: "why is res|ch down?"
        terminal.type("ear\r")
        let firstAnswer = await waitUntil {
            terminal.output.contains("Answer to: why is research down?")
        }
        #expect(firstAnswer, "\(terminal.output)")
        let secondPrompt = await Self.promptAfter("Answer to: why is research down?", in: terminal)
        #expect(secondPrompt)

        terminal.type([0x1b, 0x5b, 0x41])  // up
        terminal.type("\r")
        let recalled = await waitUntil { llm.requests.count >= 2 }
        #expect(recalled)
        #expect(Self.lastQuestion(llm) == "why is research down?")
        let thirdPrompt = await waitUntil {
            terminal.output.components(separatedBy: "Answer to: why is research down?").count >= 3
        }
        #expect(thirdPrompt)
        _ = await Self.promptAfter("Answer to: why is research down?", in: terminal)

        terminal.type("is my key sk-abcdefghijklmnop0123456789 leaked?\r")
        let thirdAnswer = await waitUntil { llm.requests.count >= 3 }
        #expect(thirdAnswer)
        _ = await Self.promptAfter("leaked?", in: terminal)

        terminal.type([0x04])  // Ctrl-D on an empty line
        let exited = await waitUntil { !process.isRunning }
        #expect(exited, "talk did not leave on Ctrl-D: \(terminal.output)")
        if exited {
            #expect(process.terminationStatus == 0)
            #expect(terminal.isCooked, "the terminal was left in raw mode")
        } else {
            process.terminate()
        }
        let history = try? String(contentsOfFile: directory.file("talk-history"), encoding: .utf8)
        #expect(history == "why is research down?\n", "history file: \(history ?? "(none)")")

        await terminal.close()
        await llm.shutdown()
        directory.remove()
    }

    @Test(
        "a question from an earlier session is recalled with up; pasted lines are all asked; SIGTERM while a line is typed restores the terminal"
    )
    func earlierSessionAndSignal() async throws {
        guard Self.preconditionsMet() else { return }
        let directory = try TemporaryDirectory(prefix: "kars-talk-pty")
        try directory.write("talk-history", "what changed in kars-research?\nwhy is web down?\n")
        let llm = try await Self.echoModel()
        let terminal = try PseudoTerminal()
        let process: Process
        do {
            process = try Self.startTalk(terminal, state: directory.path, llm: llm)
        } catch {
            await terminal.close()
            await llm.shutdown()
            directory.remove()
            throw error
        }

        let prompt = await Self.promptAfter("/exit", in: terminal)
        #expect(prompt, "no prompt in raw mode: \(terminal.output)")
        terminal.type([0x1b, 0x5b, 0x41, 0x1b, 0x5b, 0x41, 0x0d])  // up, up, enter
        let asked = await waitUntil { llm.requests.count >= 1 }
        #expect(asked)
        #expect(Self.lastQuestion(llm) == "what changed in kars-research?")
        let again = await Self.promptAfter("Answer to: what changed in kars-research?", in: terminal)
        #expect(again)

        // Two lines pasted at once: both are asked, in order (keys read ahead are kept).
        terminal.type("first pasted\rsecond pasted\r")
        let pasted = await waitUntil { llm.requests.count >= 3 }
        #expect(pasted, "\(terminal.output.suffix(300))")
        let questions = llm.requests.compactMap { try? JSONParser.parse($0.body) }
            .map { $0.messages(role: "user").last?["content"]?.stringValue ?? "" }
        #expect(questions == ["what changed in kars-research?", "first pasted", "second pasted"])
        let afterPaste = await Self.promptAfter("Answer to: second pasted", in: terminal)
        #expect(afterPaste)

        terminal.type("half a que")
        let typed = await waitUntil { terminal.output.hasSuffix("half a que\u{1B}[K") }
        #expect(typed, "\(terminal.output.suffix(200))")
        #expect(terminal.isRaw)
        process.terminate()  // SIGTERM
        let exited = await waitUntil { !process.isRunning }
        #expect(exited)
        if !exited { kill(process.processIdentifier, SIGKILL) }
        if exited {
            #expect(process.terminationReason == .uncaughtSignal)
            #expect(terminal.isCooked, "the terminal was left in raw mode after SIGTERM")
        }

        await terminal.close()
        await llm.shutdown()
        directory.remove()
    }
}
