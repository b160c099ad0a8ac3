import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where `talk` gets its next question: with line editing and history on a terminal, plain lines
/// otherwise (pipes, tests). Nil means the input ended or the user asked to leave.
public protocol LineReading: Sendable {
    func read(prompt: String) async -> String?
}

/// Chooses the reader: the editing one when stdin and stdout are both terminals and TERM is not
/// `dumb`, else plain lines as before.
public enum LineReaders {
    public static func standard(history: HistoryFile?) -> any LineReading {
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        if isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1, term != "dumb" {
            return TerminalLineReader(history: history)
        }
        return PlainLineReader()
    }
}

/// Reads lines as typed, without editing (what a pipe or a dumb terminal gets).
public struct PlainLineReader: LineReading {
    public init() {}

    public func read(prompt: String) async -> String? {
        FileHandle.standardOutput.write(Data(prompt.utf8))
        return await onThread { readLine(strippingNewline: true) }
    }
}

/// The editing reader: raw mode while a line is typed (restored before the answer is shown),
/// keys through `KeyDecoder` into `LineEditor`, the line redrawn after each key. The blocking
/// reads run on their own thread, never on a concurrency thread. Reads must not overlap.
public final class TerminalLineReader: LineReading, @unchecked Sendable {
    private let lock = NSLock()
    private var editor: LineEditor
    private var decoder = KeyDecoder()
    private var pending: [EditorKey] = []
    private let historyFile: HistoryFile?
    private var historyWarned = false
    private let input = STDIN_FILENO
    private let output = STDOUT_FILENO

    public init(history: HistoryFile?) {
        historyFile = history
        let stored = history?.load() ?? []
        editor = LineEditor(
            history: LineHistory(entries: stored, limit: history?.limit ?? HistoryFile.defaultLimit))
    }

    public func read(prompt: String) async -> String? {
        await onThread { [self] in
            lock.lock()
            defer { lock.unlock() }
            return readLocked(prompt: prompt)
        }
    }

    private func readLocked(prompt: String) -> String? {
        fflush(nil)  // whatever print() buffered goes out before the prompt
        guard RawTerminal.enable(input) else {
            emit(prompt)
            return readLine(strippingNewline: true)
        }
        defer { RawTerminal.disable() }
        draw(prompt)
        while true {
            guard let key = nextKey() else {
                emit("\r\n")
                return nil
            }
            switch editor.handle(key) {
            case .edited: draw(prompt)
            case .submitted(let line):
                emit("\r\n")
                if editor.lastSubmissionStored { persist(line) }
                return line
            case .cancelled:
                emit("^C\r\n")
                draw(prompt)
            case .exit:
                emit("\r\n")
                return nil
            case .clearScreen:
                emit("\u{1B}[H\u{1B}[2J")
                draw(prompt)
            case .suspend:
                RawTerminal.disable()
                kill(getpid(), SIGTSTP)
                _ = RawTerminal.enable(input)
                draw(prompt)
            }
        }
    }

    /// The next key, reading more bytes when none is pending; nil at end of input or on an error.
    private func nextKey() -> EditorKey? {
        var buffer = [UInt8](repeating: 0, count: 256)
        while pending.isEmpty {
            let count = buffer.withUnsafeMutableBytes { systemRead(input, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            pending += decoder.decode(buffer[..<count])
        }
        return pending.removeFirst()
    }

    private func draw(_ prompt: String) {
        emit(editor.render(prompt: prompt, columns: RawTerminal.columns(output)))
    }

    private func emit(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(output, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    private func persist(_ line: String) {
        guard let historyFile else { return }
        do {
            try historyFile.append(line)
        } catch {
            if !historyWarned {
                historyWarned = true
                FileHandle.standardError.write(
                    Data("warning: \(error); this session's questions are kept in memory only\n".utf8))
            }
        }
    }
}

/// Runs blocking work on a thread of its own and awaits its result.
private func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: work()) }
    }
}

/// `read(2)`, under another name: inside the reader, `read` means `read(prompt:)`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int)
    -> Int
{
    read(descriptor, buffer, count)
}
