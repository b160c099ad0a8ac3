import Foundation
import TestSupport
import Testing

@testable import Agent

/// The terminal-independent line editor of `talk`, fed the bytes a terminal sends.
@Suite("talk line editor")
struct LineEditorTests {
    /// An editor plus decoder: feed bytes, collect outcomes.
    struct Keyboard {
        var editor: LineEditor
        var decoder = KeyDecoder()

        init(history: [String] = []) {
            editor = LineEditor(history: LineHistory(entries: history, limit: 100))
        }

        @discardableResult
        mutating func type(_ text: String) -> [LineEditor.Outcome] { press(Array(text.utf8)) }

        @discardableResult
        mutating func press(_ bytes: [UInt8]) -> [LineEditor.Outcome] {
            decoder.decode(bytes).map { editor.handle($0) }
        }

        var line: String { editor.line }
        var cursor: Int { editor.cursor }
    }

    static let left: [UInt8] = [0x1b, 0x5b, 0x44]
    static let right: [UInt8] = [0x1b, 0x5b, 0x43]
    static let up: [UInt8] = [0x1b, 0x5b, 0x41]
    static let down: [UInt8] = [0x1b, 0x5b, 0x42]

    @Test("typing, arrows, Home/End in their CSI, SS3 and ~ forms, Ctrl-A/E/B/F")
    func movement() {
        var keyboard = Keyboard()
        keyboard.type("helo")
        #expect(keyboard.cursor == 4)
        keyboard.press(Self.left)
        keyboard.type("l")
        #expect(keyboard.line == "hello")
        #expect(keyboard.cursor == 4)
        keyboard.press([0x01])  // Ctrl-A
        #expect(keyboard.cursor == 0)
        keyboard.type(">")
        keyboard.press([0x05])  // Ctrl-E
        keyboard.type("!")
        #expect(keyboard.line == ">hello!")
        keyboard.press(Array("\u{1B}[H".utf8))
        #expect(keyboard.cursor == 0)
        keyboard.press(Array("\u{1B}OF".utf8))
        #expect(keyboard.cursor == 7)
        keyboard.press(Array("\u{1B}[1~".utf8))
        #expect(keyboard.cursor == 0)
        keyboard.press(Array("\u{1B}[4~".utf8))
        #expect(keyboard.cursor == 7)
        keyboard.press([0x02, 0x02])  // Ctrl-B twice
        #expect(keyboard.cursor == 5)
        keyboard.press([0x06])  // Ctrl-F
        #expect(keyboard.cursor == 6)
        keyboard.press(Self.right + Self.right + Self.right)
        #expect(keyboard.cursor == 7, "right stops at the end")
        keyboard.press(Array("\u{1B}[H".utf8) + Self.left)
        #expect(keyboard.cursor == 0, "left stops at the start")
    }

    @Test("Backspace (0x7f and ^H), Delete (ESC [3~), Ctrl-D inside a line deletes under the cursor")
    func deletion() {
        var keyboard = Keyboard()
        keyboard.type("abcdef")
        keyboard.press([0x7f])
        #expect(keyboard.line == "abcde")
        keyboard.press(Self.left + Self.left + [0x08])
        #expect(keyboard.line == "abde")
        #expect(keyboard.cursor == 2)
        keyboard.press(Array("\u{1B}[3~".utf8))
        #expect(keyboard.line == "abe")
        let r1 = keyboard.press([0x04])
        #expect(r1 == [.edited])
        #expect(keyboard.line == "ab")
        #expect(keyboard.cursor == 2)
        keyboard.press([0x01, 0x7f])
        #expect(keyboard.line == "ab", "backspace at the start does nothing")
    }

    @Test("Ctrl-U, Ctrl-K, Ctrl-W and Alt/Ctrl word moves")
    func killing() {
        var keyboard = Keyboard()
        keyboard.type("why is  research down")
        keyboard.press([0x17])  // Ctrl-W
        #expect(keyboard.line == "why is  research ")
        keyboard.press([0x17])
        #expect(keyboard.line == "why is  ")
        keyboard.type("web down")
        keyboard.press(Array("\u{1B}b".utf8))  // Alt-B
        #expect(keyboard.cursor == 12)
        keyboard.press(Array("\u{1B}[1;5D".utf8))  // Ctrl-Left
        #expect(keyboard.cursor == 8)
        keyboard.press(Array("\u{1B}[1;5C".utf8))  // Ctrl-Right
        #expect(keyboard.cursor == 11)
        keyboard.press([0x0b])  // Ctrl-K
        #expect(keyboard.line == "why is  web")
        keyboard.press(Self.left + Self.left)
        keyboard.press([0x15])  // Ctrl-U
        #expect(keyboard.line == "eb")
        #expect(keyboard.cursor == 0)
    }

    @Test(
        "Enter submits (CR or LF); Ctrl-C clears a line and exits on an empty one; Ctrl-D exits on an empty line"
    )
    func submitAndLeave() {
        var keyboard = Keyboard()
        let r2 = keyboard.type("what is broken?\r")
        #expect(r2.last == .submitted("what is broken?"))
        #expect(keyboard.line.isEmpty)
        let r3 = keyboard.type("x\n")
        #expect(r3.last == .submitted("x"))
        keyboard.type("half typed")
        let r4 = keyboard.press([0x03])
        #expect(r4 == [.cancelled])
        #expect(keyboard.line.isEmpty)
        let r5 = keyboard.press([0x03])
        #expect(r5 == [.exit])
        let r6 = keyboard.press([0x04])
        #expect(r6 == [.exit])
        let r7 = keyboard.press([0x0c])
        #expect(r7 == [.clearScreen])
        let r8 = keyboard.press([0x1a])
        #expect(r8 == [.suspend])
    }

    @Test(
        "UTF-8: multi-byte characters split across reads, the cursor moves by whole characters, combining marks join"
    )
    func unicode() {
        var keyboard = Keyboard()
        let bytes = Array("día 数据 🚀".utf8)
        for byte in bytes { keyboard.press([byte]) }  // one byte per read
        #expect(keyboard.line == "día 数据 🚀")
        #expect(keyboard.cursor == 8)
        keyboard.press(Self.left + [0x7f])
        #expect(keyboard.line == "día 数据🚀")
        keyboard.press(Self.left + Self.left + Array("\u{1B}[3~".utf8))
        #expect(keyboard.line == "día 据🚀")
        keyboard.press([0x01] + Self.right)
        keyboard.press([0x7f])
        #expect(keyboard.line == "ía 据🚀")
        // e then U+0301 (combining acute) is one character: one backspace removes both.
        keyboard.press([0x05])
        keyboard.type("e\u{301}")
        #expect(keyboard.line.hasSuffix("é"))
        #expect(keyboard.cursor == keyboard.line.count)
        keyboard.press([0x7f])
        #expect(keyboard.line == "ía 据🚀")
        // Invalid UTF-8 becomes U+FFFD; a truncated sequence does not swallow the next key.
        keyboard.press([0xff, 0xe6, 0x41])
        #expect(keyboard.line == "ía 据🚀\u{FFFD}\u{FFFD}A")
    }

    @Test("unknown escape sequences are swallowed whole, also when split across reads")
    func unknownSequences() {
        var keyboard = Keyboard()
        keyboard.type("ab")
        keyboard.press([0x1b])
        keyboard.press(Array("[15".utf8))
        keyboard.press(Array("~".utf8))  // F5
        keyboard.press(Array("\u{1B}[200~".utf8))  // bracketed paste start
        keyboard.press(Array("\u{1B}x".utf8))  // Alt-x
        keyboard.type("c")
        #expect(keyboard.line == "abc")
    }

    @Test("up/down browse the history newest first, keep the unsent line and edits to recalled ones")
    func historyBrowsing() {
        var keyboard = Keyboard(history: ["first question", "second question"])
        keyboard.type("draft")
        keyboard.press(Self.up)
        #expect(keyboard.line == "second question")
        #expect(keyboard.cursor == 15)
        keyboard.press(Self.up)
        #expect(keyboard.line == "first question")
        keyboard.press(Self.up)
        #expect(keyboard.line == "first question", "up at the oldest stays")
        keyboard.press([UInt8](repeating: 0x7f, count: 8))  // "question"
        keyboard.type("answer")
        #expect(keyboard.line == "first answer")
        keyboard.press(Self.down)
        #expect(keyboard.line == "second question")
        keyboard.press(Self.down)
        #expect(keyboard.line == "draft")
        keyboard.press(Self.down)
        #expect(keyboard.line == "draft", "down at the newest stays")
        keyboard.press(Self.up + Self.up)
        #expect(keyboard.line == "first answer", "the edit is kept while browsing")
        let r9 = keyboard.type("\r")
        #expect(r9.last == .submitted("first answer"))
        #expect(
            keyboard.editor.history.entries == ["first question", "second question", "first answer"])
        keyboard.press([0x10])  // Ctrl-P
        #expect(keyboard.line == "first answer")
        keyboard.press([0x10])
        #expect(keyboard.line == "second question")
        keyboard.press([0x0e])  // Ctrl-N
        #expect(keyboard.line == "first answer")
    }

    @Test(
        "history keeps no secret-looking lines, no repeats, no lines starting with a space, and at most limit"
    )
    func historyFilter() {
        var history = LineHistory(entries: [], limit: 3)
        let r10 = history.add("why is web down?")
        #expect(r10)
        let r11 = history.add("why is web down?")
        #expect(!r11, "an immediate repeat")
        let r12 = history.add("the key is sk-abcdefghijklmnop0123456789")
        #expect(!r12)
        let r13 = history.add("curl -H 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345'")
        #expect(!r13)
        let r14 = history.add("use password=hunter22 for the db")
        #expect(!r14)
        let r15 = history.add("token: eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2QT4")
        #expect(!r15)
        let r16 = history.add(" private question")
        #expect(!r16)
        let r17 = history.add("   ")
        #expect(!r17)
        let r18 = history.add("")
        #expect(!r18)
        let r19 = history.add("b")
        #expect(r19)
        let r20 = history.add("c")
        #expect(r20)
        let r21 = history.add("d")
        #expect(r21)
        #expect(history.entries == ["b", "c", "d"])
        let loaded = LineHistory(entries: ["ok", "password=hunter22", "fine"], limit: 10)
        #expect(loaded.entries == ["ok", "fine"])
    }

    @Test(
        "render: prompt, text, clear to end, cursor moved back by display columns; long lines scroll")
    func render() {
        var keyboard = Keyboard()
        keyboard.type("hello world")
        #expect(keyboard.editor.render(prompt: "you> ", columns: 80) == "\ryou> hello world\u{1B}[K")
        keyboard.press(Self.left + Self.left + Self.left)
        #expect(
            keyboard.editor.render(prompt: "you> ", columns: 80) == "\ryou> hello world\u{1B}[K\u{1B}[3D")
        var wide = Keyboard()
        wide.type("数据x")
        wide.press(Self.left + Self.left)
        #expect(
            wide.editor.render(prompt: "> ", columns: 80) == "\r> 数据x\u{1B}[K\u{1B}[3D",
            "a CJK character is two columns")
        // 30 characters in 10 columns (prompt 2, 7 for text, 1 spare): the part around the cursor.
        var long = Keyboard()
        long.type("abcdefghijklmnopqrstuvwxyz0123")
        #expect(long.editor.render(prompt: "> ", columns: 10) == "\r> xyz0123\u{1B}[K")
        long.press([0x01])
        #expect(long.editor.render(prompt: "> ", columns: 10) == "\r> abcdefg\u{1B}[K\u{1B}[7D")
        #expect(DisplayWidth.of("🚀") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)
    }

    @Test(
        "history file: appended 0600, loaded across sessions, secret-looking and surplus lines dropped and purged"
    )
    func historyFile() throws {
        let directory = try TemporaryDirectory(prefix: "kars-talk-history")
        defer { directory.remove() }
        let file = HistoryFile(stateDirectory: directory.file("state"), limit: 4)
        #expect(file.load().isEmpty)
        try file.append("one")
        try file.append("two")
        try file.append("my api_key=abcdef123456")  // refused by the filter
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(file.load() == ["one", "two"])

        // An older file with a secret and more lines than the limit is trimmed and purged on load.
        let lines = ["a", "b", "c", "password: hunter22", "d", "e", "f"]
        try lines.map { $0 + "\n" }.joined().write(toFile: file.path, atomically: true, encoding: .utf8)
        #expect(file.load() == ["c", "d", "e", "f"])
        let onDisk = try String(contentsOfFile: file.path, encoding: .utf8)
        #expect(onDisk == "c\nd\ne\nf\n")
        #expect(!onDisk.contains("hunter22"))

        // The next session's editor recalls the previous session's last question with one up.
        var keyboard = Keyboard()
        keyboard.editor = LineEditor(history: LineHistory(entries: file.load(), limit: file.limit))
        keyboard.press(Self.up)
        #expect(keyboard.line == "f")
    }
}
