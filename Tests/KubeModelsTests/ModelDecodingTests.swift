import Foundation
import KubeModels
import Testing

@Suite("Model decoding")
struct ModelDecodingTests {
    @Test("RFC 3339 times with and without fractions and offsets")
    func times() throws {
        let base = try #require(KubeTime.parse("2026-11-28T09:56:00Z"))
        #expect(base.timeIntervalSince1970 == 1_795_859_760)
        #expect(KubeTime.parse("2026-11-28T09:56:00.500000Z")?.timeIntervalSince1970 == 1_795_859_760.5)
        #expect(KubeTime.parse("2026-11-28T10:56:00+01:00") == base)
        #expect(KubeTime.format(base) == "2026-11-28T09:56:00Z")
        #expect(KubeTime.formatMicro(Date(timeIntervalSince1970: 1_795_859_760.25)) == "2026-11-28T09:56:00.250000Z")
        #expect(KubeTime.parse("yesterday") == nil)
        #expect(KubeTime.parse("2026-13-28T09:56:00Z") == nil)
    }

    @Test("ConfigMap and Secret keep key names only, never values")
    func secretValuesAreNotDecoded() throws {
        let json = Data(#"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db"},"type":"Opaque","data":{"password":"c2VjcmV0"}}"#.utf8)
        let secret = try KubeJSON.decoder.decode(SecretInfo.self, from: json)
        #expect(secret.keys == ["password"])
        let encoded = String(decoding: try KubeJSON.encoder.encode(secret), as: UTF8.self)
        #expect(!encoded.contains("c2VjcmV0"))
        let configMap = try KubeJSON.decoder.decode(
            ConfigMapInfo.self,
            from: Data(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"a":"1"},"binaryData":{"b":"AA=="}}"#.utf8))
        #expect(configMap.keys == ["a", "b"])
    }

    @Test("both event APIs normalise to one view")
    func events() throws {
        let core = try KubeJSON.decoder.decode(
            CoreEvent.self,
            from: Data(#"""
                {"apiVersion":"v1","kind":"Event","metadata":{"name":"e1","namespace":"shop","uid":"u1"},
                 "involvedObject":{"kind":"Pod","namespace":"shop","name":"web-1"},"reason":"BackOff",
                 "message":"(combined from similar events): Back-off pulling image","type":"Warning","count":20,
                 "firstTimestamp":"2026-11-28T09:54:00Z","lastTimestamp":"2026-11-28T09:59:48Z",
                 "source":{"component":"kubelet"}}
                """#.utf8))
        let normalized = NormalizedEvent(core)
        #expect(normalized.count == 20)
        #expect(normalized.plainMessage == "Back-off pulling image")
        #expect(normalized.source == "kubelet")
        #expect(normalized.object.name == "web-1")
        let v1 = try KubeJSON.decoder.decode(
            EventsV1Event.self,
            from: Data(#"""
                {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e2","namespace":"cache"},
                 "eventTime":"2026-11-28T09:54:00.000000Z","series":{"count":25,"lastObservedTime":"2026-11-28T09:59:48.000000Z"},
                 "reportingController":"kubelet","reason":"BackOff","regarding":{"kind":"Pod","name":"cache-0","namespace":"cache"},
                 "note":"Back-off pulling image \"redis:7.4.11\"","type":"Warning"}
                """#.utf8))
        let second = NormalizedEvent(v1)
        #expect(second.count == 25)
        #expect(second.message == "Back-off pulling image \"redis:7.4.11\"")
        #expect(second.lastSeen == KubeTime.parse("2026-11-28T09:59:48Z"))
        #expect(second.api == "events.k8s.io/v1")
        #expect(second.isWarning)
    }

    @Test("unknown fields are tolerated and kept in the raw object")
    func unknownFields() throws {
        let data = Data(#"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"n"},"spec":{"size":3,"big":9007199254740993}}"#.utf8)
        let object = try KubeJSON.decoder.decode(KubeObject.self, from: data)
        #expect(object.kind == "Widget")
        #expect(object.raw[path: "spec", "size"]?.intValue == 3)
        #expect(object.raw[path: "spec", "big"]?.intValue == 9_007_199_254_740_993, "integers round-trip exactly")
        let pod = try KubeJSON.decoder.decode(
            Pod.self, from: Data(#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","futureField":1}]},"extra":true}"#.utf8))
        #expect(pod.spec?.containers.first?.name == "c")
    }

    @Test("IntOrString ports and percentages")
    func intOrString() throws {
        let values = try JSONDecoder().decode([IntOrString].self, from: Data(#"[8080,"http","25%"]"#.utf8))
        #expect(values == [.int(8080), .string("http"), .string("25%")])
        #expect(IntOrString.string("25%").scaled(total: 10, roundUp: true) == 3)
        #expect(IntOrString.string("25%").scaled(total: 10, roundUp: false) == 2)
    }

    @Test("tolerations match taints")
    func tolerations() {
        let taint = Taint(key: "node.kubernetes.io/unreachable", effect: "NoExecute")
        #expect(Toleration(key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute").tolerates(taint))
        #expect(Toleration(operator: "Exists").tolerates(taint))
        #expect(!Toleration(key: "gpu", operator: "Equal", value: "true", effect: "NoSchedule").tolerates(taint))
    }
}
