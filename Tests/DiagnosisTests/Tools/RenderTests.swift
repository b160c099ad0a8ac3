import Diagnosis
import Foundation
import Testing

@Suite("render")
struct RenderTests {
    static let ages: [(Double, String)] = [
        (0, "0s"), (45, "45s"), (119, "119s"), (150, "2m30s"), (180, "3m"), (12 * 60, "12m"), (170 * 60, "170m"),
        (3 * 3600 + 20 * 60, "3h20m"), (5 * 3600, "5h"), (20 * 3600, "20h"), (2 * 86400, "2d"), (3 * 86400 + 4 * 3600, "3d4h"),
        (400 * 86400, "400d"), (800 * 86400, "2y70d"), (-1, "0s"), (-5, "<invalid>"),
    ]

    @Test(arguments: ages)
    func agesReadLikeKubectl(seconds: Double, expected: String) {
        #expect(Age.format(seconds) == expected)
    }

    @Test func ageOfAMissingDateIsUnknown() {
        #expect(Age.since(nil, now: Date()) == "<unknown>")
        #expect(Age.since(Date(timeIntervalSince1970: 0), now: Date(timeIntervalSince1970: 45)) == "45s")
    }

    @Test func tablesArePaddedByTheWidestCellWithThreeSpacesAndUpperCaseHeaders() {
        var table = TextTable(headers: ["Name", "Ready", "Message"])
        table.append("web-1", "1/1", "ok")
        table.append("a-much-longer-name", "0/1", "Back-off\nrestarting\u{1B}[31m")
        #expect(table.render() == """
            NAME                 READY   MESSAGE
            web-1                1/1     ok
            a-much-longer-name   0/1     Back-off restarting

            """)
        #expect(table.render(indent: 2).hasPrefix("  NAME"))
        var short = TextTable(headers: ["A", "B"])
        short.append(["only-one"])
        #expect(short.render() == "A          B\nonly-one\n", "missing cells are blank, no trailing spaces")
    }

    @Test func colourOnlyWhenEnabledAndAlignmentIgnoresEscapes() {
        var table = TextTable(headers: ["Status", "X"])
        table.append([TextCell("Failed", tone: .bad), TextCell("1")])
        let coloured = table.render(style: TextStyle(colors: true))
        #expect(coloured.contains("\u{1B}[31mFailed\u{1B}[0m   1"))
        #expect(!table.render(style: .plain).contains("\u{1B}"))
        #expect(TextStyle.plain.paint("x", .bad) == "x")
        #expect(TextStyle(colors: true).paint("x", .plain) == "x")
    }

    @Test func noColorDisablesColour() {
        #expect(TextStyle.forStandardOutput(environment: ["NO_COLOR": "1"]).colors == false)
    }

    @Test func terminalTextRemovesEscapesAndControls() {
        #expect(TerminalText.clean("\u{1B}[1;31mred\u{1B}[0m") == "red")
        #expect(TerminalText.clean("a\u{1B}]0;title\u{07}b") == "ab", "OSC with BEL")
        #expect(TerminalText.clean("a\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\b") == "alinkb", "OSC with ST")
        #expect(TerminalText.clean("a\u{9B}2Jb\u{85}c") == "abc", "8-bit CSI and C1")
        #expect(TerminalText.clean("safe\u{202E}txt.exe") == "safetxt.exe", "bidi override")
        #expect(TerminalText.clean("one\ntwo\r\n\tthree") == "one two three")
        #expect(TerminalText.clean("one\r\ntwo\tx\u{00}", singleLine: false) == "one\ntwo\tx")
        #expect(TerminalText.clean("héllo ✓ 日本") == "héllo ✓ 日本")
        #expect(TerminalText.clean("abcdef", limit: 4) == "abc…")
        #expect(TerminalText.needsCleaning("\u{1B}[0m") && !TerminalText.needsCleaning("plain"))
    }

    @Test func jsonHasSortedKeysAndISO8601Dates() throws {
        struct Sample: Encodable {
            var zeta = 1
            var alpha = "a/b"
            var when = Date(timeIntervalSince1970: 1_795_341_540)
        }
        let json = try ResultEncoding.json(Sample())
        #expect(json == "{\n  \"alpha\" : \"a/b\",\n  \"when\" : \"2026-11-22T09:59:00Z\",\n  \"zeta\" : 1\n}\n")
        #expect(try ResultEncoding.json(Sample(), pretty: false) == #"{"alpha":"a/b","when":"2026-11-22T09:59:00Z","zeta":1}"#)
    }
}
