import Foundation
import KubeModels
import Testing

/// The tape must accept and reject exactly what `JSONParser` does, build the same tree, and feed
/// the hand-written readers to the same models as the tree does.
@Suite("JSON tape")
struct JSONTapeTests {
    /// Parses `text` onto a tape as a top-level value; nil when the tape rejects it.
    private func tapeValue(_ text: String, depth: Int = 0) -> JSONValue? {
        let bytes = Array(text.utf8)
        let tape = JSONTape()
        return bytes.withUnsafeBufferPointer { buffer in
            (try? tape.parse(buffer, depth: depth)).map { tape.root.jsonValue }
        }
    }

    private func parserValue(_ text: String, depth: Int = 0) -> JSONValue? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { try? JSONParser.parse($0, depth: depth) }
    }

    static let documents: [String] = [
        #"{"a":[1,-2,3.5,1e3,-0,0.5E-2,true,false,null],"s":"x\"y\\z\n\u00e9\ud83d\ude00\/\b\f\r\t","e":{},"l":[]}"#,
        #"  { "k" : "v" , "n" : [ 1 , { } , [ ] ] }  "#,
        #"{"big":9223372036854775807,"bigger":9223372036854775808,"small":-9223372036854775808,"smaller":-9223372036854775809}"#,
        #"{"dup":1,"dup":"two","nested":{"dup":[1],"dup":{"x":null}}}"#,
        #"{"k\u0041y":"escaped key","kAy":"plain key"}"#,
        #"{"bad utf8":"\#u{FFFD}ok"}"#,
        #"{"fraction":1.,"exp":1e,"exp2":1e+,"lead":0123}"#,
        "[1,2]", #""text""#, "42", "-7.25", "true", "false", "null",
        // Rejected by both:
        #"{"a":}"#, #"[1,2"#, #"{"a":1}x"#, #""abc"#, "tru", #"{"a" 1}"#, "-", #""\x""#, #"{"a":1,}"#, "[1,]",
        #""\ud800""#, #""\ud800\u0041""#, #""\udc00""#, #""\u12""#, "\"tab\tinside\"", #"{1:2}"#, "", "   ", "nul", "[-]", "+1", ".5",
        "{\"a\":\"\u{01}\"}", #"{"a":"x"}}"#, "[[[]]", #"{"a":1 "b":2}"#,
    ]

    @Test("accepts and rejects what JSONParser does, building the same tree", arguments: documents)
    func agreesWithParser(text: String) {
        #expect(tapeValue(text) == parserValue(text), "\(text)")
    }

    @Test("invalid UTF-8 bytes read as the parser reads them")
    func invalidUTF8() throws {
        let bytes: [UInt8] = Array(#"{"k":"a"#.utf8) + [0xFF, 0xC3] + Array(#"b","\u00e9":1}"#.utf8)
        let tape = JSONTape()
        let fromTape = try bytes.withUnsafeBufferPointer { buffer in
            try tape.parse(buffer, depth: 0)
            return tape.root.jsonValue
        }
        let fromParser = try bytes.withUnsafeBufferPointer { try JSONParser.parse($0, depth: 0) }
        #expect(fromTape == fromParser)
    }

    @Test("the nesting limit is the parser's, counted from the item's depth")
    func depth() {
        for depth in [0, 2] {
            for levels in [509, 510, 511, 512, 513] {
                let text = String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
                #expect((tapeValue(text, depth: depth) == nil) == (parserValue(text, depth: depth) == nil), "\(levels) levels at depth \(depth)")
            }
        }
        let hostile = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(tapeValue(hostile) == nil)
    }

    @Test("a tape is reused item after item")
    func reuse() throws {
        let tape = JSONTape()
        for text in [#"{"a":[1,2,3],"b":{"c":"d"}}"#, "7", String(repeating: #"{"x":["#, count: 200) + String(repeating: "]}", count: 200), #"{"z":null}"#] {
            let bytes = Array(text.utf8)
            let value = try bytes.withUnsafeBufferPointer { buffer in
                try tape.parse(buffer, depth: 0)
                return tape.root.jsonValue
            }
            #expect(value == (try JSONParser.parse(Data(text.utf8))))
        }
    }

    /// Every scenario item's text, as the List scanner cuts it.
    private func scenarioItems() throws -> [(text: [UInt8], tree: JSONValue)] {
        try ScenarioItems.files().flatMap { url -> [(text: [UInt8], tree: JSONValue)] in
            let data = try Data(contentsOf: url)
            let ranges = try #require(JSONListScanner.itemRanges(in: data))
            return try ranges.map { range in
                let text = Array(data[(data.startIndex + range.lowerBound)..<(data.startIndex + range.upperBound)])
                return (text, try JSONParser.parse(Data(text)))
            }
        }
    }

    @Test("every scenario item reads from the tape as from the tree: trees, events and typed models")
    func scenarioReaders() throws {
        var compared: [String: Int] = [:]
        let tape = JSONTape()
        for (text, tree) in try scenarioItems() {
            try text.withUnsafeBufferPointer { buffer in
                try tape.parse(buffer, depth: 2)
                let node = tape.root
                #expect(node.jsonValue == tree)
                #expect(NormalizedEvent(tape: node) == NormalizedEvent(json: tree))
                let kind = tree["kind"]?.stringValue ?? ""
                switch kind {
                case "Pod": #expect(Pod(tape: node) == Pod(json: tree))
                case "Deployment": #expect(Deployment(tape: node) == Deployment(json: tree))
                case "ReplicaSet": #expect(ReplicaSet(tape: node) == ReplicaSet(json: tree))
                case "Service": #expect(Service(tape: node) == Service(json: tree))
                case "Node": #expect(Node(tape: node) == Node(json: tree))
                case "Namespace": #expect(Namespace(tape: node) == Namespace(json: tree))
                default: break
                }
                compared[kind, default: 0] += 1
            }
        }
        #expect(compared["Pod", default: 0] > 40)
        #expect(compared["Event", default: 0] >= 30)
    }

    @Test("a pod using every modelled field reads from the tape as Codable decodes it")
    func everyField() throws {
        let text = Array(TreeReaderTests.everyField.jsonString().utf8)
        let tape = JSONTape()
        try text.withUnsafeBufferPointer { buffer in
            try tape.parse(buffer, depth: 0)
            let pod = try #require(Pod(tape: tape.root))
            #expect(pod == (try TreeReaderTests.everyField.decode(as: Pod.self)))
        }
    }

    @Test("what the tree readers leave to Codable, the tape readers leave too")
    func mismatchesAgree() throws {
        let cases = [
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c"}]},"status":{"containerStatuses":[{"name":"c","restartCount":"x"}]}}"#,
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":1}},"spec":{"containers":[{"name":"c"}]}}"#,
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","creationTimestamp":"yesterday"},"spec":{"containers":[{"name":"c"}]}}"#,
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","resources":{"limits":{"memory":"lots"}}}]}}"#,
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","ports":[{"containerPort":80.5}]}]}}"#,
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"1","a":"2"}},"spec":{"containers":[{"name":"c"}]}}"#,
            #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p\u00e9","namespace":null},"spec":{"containers":[{"name":"c","image":"x"}]}}"#,
            #"{"apiVersion":"v1","kind":"Event","metadata":{"name":"e","creationTimestamp":"2026-11-28T09:00:00Z"},"involvedObject":{"kind":"Pod","name":"p"},"count":2.0,"lastTimestamp":"bad"}"#,
            #"{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e"},"regarding":{"kind":"Pod","name":"p"},"series":{"count":3,"lastObservedTime":"2026-11-28T09:00:00.5Z"},"note":"n"}"#,
        ]
        let tape = JSONTape()
        for text in cases {
            let tree = try JSONParser.parse(Data(text.utf8))
            let bytes = Array(text.utf8)
            try bytes.withUnsafeBufferPointer { buffer in
                try tape.parse(buffer, depth: 2)
                #expect(Pod(tape: tape.root) == Pod(json: tree), "\(text)")
                #expect(NormalizedEvent(tape: tape.root) == NormalizedEvent(json: tree), "\(text)")
            }
        }
    }
}
