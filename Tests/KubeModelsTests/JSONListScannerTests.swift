import Foundation
import KubeModels
import Testing

@Suite("List scanning and objects kept as text")
struct JSONListScannerTests {
    private func items(_ text: String) -> [JSONValue]? {
        let data = Data(text.utf8)
        return JSONListScanner.itemRanges(in: data)?.map { range in
            (try? data.withUnsafeBytes { try JSONParser.parse(UnsafeBufferPointer(rebasing: $0.bindMemory(to: UInt8.self)[range]), depth: 2) }) ?? "unparsable"
        }
    }

    @Test("the items of every scenario are found exactly where the whole-document parse finds them")
    func scenarios() throws {
        for file in try ScenarioItems.files() {
            let data = try Data(contentsOf: file)
            let ranges = try #require(JSONListScanner.itemRanges(in: data), "\(file.path)")
            let whole = try #require(JSONParser.parse(data)["items"]?.arrayValue)
            #expect(ranges.count == whole.count)
            for (range, item) in zip(ranges, whole) {
                #expect(try JSONParser.parse(data.subdata(in: range)) == item)
            }
        }
    }

    @Test("lists with whitespace, escapes, nesting and other members")
    func shapes() throws {
        let text = #" { "kind" : "List", "metadata":{"resourceVersion":"1"}, "items" : [ {"a":"x]}\"{"} , {"b":[[1],{"c":null}]} ] , "z":[true,false] } "#
        #expect(items(text) == [["a": "x]}\"{"], ["b": [[1], ["c": nil]]]])
        #expect(items(#"{"items":[]}"#) == [])
        #expect(items(#"{"items":[{"first":1}],"items":[{"second":2}]}"#) == [["second": 2]], "the last member wins, as in the tree")
    }

    @Test("anything but a well-formed List of objects is left to the whole-document parse")
    func refusals() {
        let refused = [
            #"[{"a":1}]"#, #"{}"#, #"{"kind":"Pod"}"#, #"{"items":{}}"#, #"{"items":[1,2]}"#, #"{"items":[{"a":1} {"b":2}]}"#,
            #"{"items":[{"a":1}]} x"#, #"{"items":[{"a":1}],"bad":tru}"#, #"{"items":[{"a":1}],"items":null}"#, #"{"items":[{"a":1}"#,
            #"{"items":[{"a":"unterminated}]}"#, #"{items:[]}"#, "",
        ]
        for text in refused { #expect(JSONListScanner.itemRanges(in: Data(text.utf8)) == nil, "\(text)") }
    }

    @Test("an item parsed alone keeps the nesting limit it has inside the document")
    func depth() throws {
        let deep = String(repeating: "[", count: 510) + String(repeating: "]", count: 510)
        let text = #"{"items":[{"a":"# + deep + "}]}"
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Data(text.utf8)) }
        #expect(items(text) == ["unparsable"])
        let shallower = #"{"items":[{"a":"# + deep.dropFirst().dropLast() + "}]}"
        #expect((try? JSONParser.parse(Data(shallower.utf8))) != nil)
        #expect(items(shallower)?.first != "unparsable")
    }

    @Test("an object kept as text equals, hashes and encodes as the same object kept as a tree")
    func textBackedObject() throws {
        let bytes = Data(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"a"},"data":{"k":"v"}}"#.utf8)
        let tree = try JSONParser.parse(bytes)
        let asTree = try KubeObject(raw: tree)
        var asText = try KubeObject(raw: tree, text: bytes)
        #expect(asText.raw == tree)
        #expect(asText == asTree)
        #expect(asText.hashValue == asTree.hashValue)
        #expect(Set([asText, asTree]).count == 1)
        // Same JSON, compared as values: object key order is not part of JSON (nor stable here).
        #expect(try JSONParser.parse(KubeJSON.encoder.encode(asText)) == JSONParser.parse(KubeJSON.encoder.encode(asTree)))
        let direct = KubeObject(rawJSON: bytes, apiVersion: "v1", kind: "ConfigMap", metadata: asTree.metadata)
        #expect(direct == asTree)
        asText.raw["data"] = ["k": "changed"]
        #expect(asText.raw["data"]?["k"] == "changed")
        #expect(asText != asTree)
        let spaced = KubeObject(rawJSON: Data(#"{ "apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"a"},"data":{"k":"v"} }"#.utf8),
                                apiVersion: "v1", kind: "ConfigMap", metadata: asTree.metadata)
        #expect(spaced == direct, "equal by value, not by bytes")
    }
}
