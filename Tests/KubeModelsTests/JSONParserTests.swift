import Foundation
import KubeModels
import Testing

@Suite("JSON parser and tree decoder")
struct JSONParserTests {
    @Test("parses every JSON shape, keeping integers exact")
    func shapes() throws {
        let value = try JSONParser.parse(Data(#"{"a":[1,-2,3.5,1e3,true,false,null],"s":"x\"y\\z\n\u00e9\ud83d\ude00","big":9223372036854775807,"e":{}}"#.utf8))
        #expect(value["a"] == [1, -2, 3.5, 1000.0, true, false, nil])
        #expect(value["s"]?.stringValue == "x\"y\\z\né😀")
        #expect(value["big"]?.intValue == Int64.max)
        #expect(value["e"] == [:])
    }

    @Test("agrees with Foundation's decoder on the public scenarios")
    func agreesWithFoundation() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        try #require(!names.isEmpty, "scenarios not found at \(root.path)")
        for name in names {
            let url = root.appendingPathComponent(name).appendingPathComponent("cluster.json")
            guard let data = try? Data(contentsOf: url) else { continue }
            #expect(try JSONParser.parse(data) == JSONDecoder().decode(JSONValue.self, from: data), "\(name)")
        }
    }

    @Test("malformed input names the byte offset", arguments: [#"{"a":}"#, #"[1,2"#, #"{"a":1}x"#, #""abc"#, "tru", #"{"a" 1}"#, "-", #""\x""#])
    func malformed(text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Data(text.utf8)) }
    }

    @Test("hostile nesting depth is refused, not a stack overflow")
    func depth() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Data(text.utf8)) }
    }

    @Test("tree decoding errors name the field path")
    func decodingErrorPath() throws {
        let value = try JSONParser.parse(Data(#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","ports":[{"containerPort":"eighty"}]}]}}"#.utf8))
        do {
            _ = try value.decode(as: Pod.self)
            Issue.record("expected a decoding error")
        } catch let DecodingError.typeMismatch(_, context) {
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            #expect(path == "spec.containers.0.ports.0.containerPort")
        }
    }

    @Test("dates decode from RFC 3339 in the tree decoder")
    func dates() throws {
        let value: JSONValue = ["metadata": ["name": "n", "creationTimestamp": "2026-11-28T09:56:00Z"]]
        let meta = try #require(value["metadata"]).decode(as: ObjectMeta.self)
        #expect(meta.creationTimestamp == KubeTime.parse("2026-11-28T09:56:00Z"))
        let bad: JSONValue = ["name": "n", "creationTimestamp": "yesterday"]
        #expect(throws: DecodingError.self) { try bad.decode(as: ObjectMeta.self) }
    }
}
