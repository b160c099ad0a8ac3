import Foundation
import KubeModels
import Testing

@Suite("Event normalisation")
struct EventNormalizationTests {
    @Test("the direct JSON path and the Codable path agree on every scenario event, both APIs")
    func directEqualsCodable() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        try #require(!names.isEmpty, "scenarios not found at \(root.path)")
        var compared = (core: 0, v1: 0)
        for name in names {
            guard let data = try? Data(contentsOf: root.appendingPathComponent("\(name)/cluster.json")) else { continue }
            for item in try JSONParser.parse(data)["items"]?.arrayValue ?? [] where item["kind"] == "Event" {
                let direct = try #require(NormalizedEvent(json: item))
                if item["apiVersion"] == "v1" {
                    #expect(direct == NormalizedEvent(try item.decode(as: CoreEvent.self)))
                    compared.core += 1
                } else {
                    #expect(direct == NormalizedEvent(try item.decode(as: EventsV1Event.self)))
                    compared.v1 += 1
                }
            }
        }
        #expect(compared.core > 10 && compared.v1 > 0)
        #expect(NormalizedEvent(json: ["apiVersion": "v1", "kind": "Pod"]) == nil)
    }
}
