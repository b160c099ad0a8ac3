import Foundation
import KubeModels
import Testing

@Suite("Resource quantities")
struct QuantityTests {
    @Test(
        "parse to exact values",
        arguments: [
            ("100m", "0.1"), ("1", "1"), ("2.5", "2.5"), ("256Mi", "268435456"), ("1Gi", "1073741824"),
            ("16262792Ki", "16653099008"), ("2k", "2000"), ("3M", "3000000"), ("1G", "1000000000"), ("1e3", "1000"),
            ("1.5Gi", "1610612736"), ("500n", "0.0000005"), ("10u", "0.00001"), ("0", "0"), ("1Ti", "1099511627776"),
            ("2E-3", "0.002"), ("128974848", "128974848"),
        ])
    func parses(text: String, expected: String) throws {
        let quantity = try Quantity(text)
        #expect(quantity.value == Decimal(string: expected))
        #expect(quantity.text == text)
    }

    @Test("compare exactly across suffixes")
    func compares() throws {
        #expect(try Quantity("1Gi") == Quantity("1024Mi"))
        #expect(try Quantity("1G") < Quantity("1Gi"))
        #expect(try Quantity("999m") < Quantity("1"))
        #expect(try Quantity("50Mi") < Quantity("256Mi"))
        #expect(try Quantity("0.1") == Quantity("100m"))
        #expect(try (Quantity("200Mi") + Quantity("56Mi")) == Quantity("256Mi"))
    }

    @Test("reject malformed text", arguments: ["", "abc", "Mi", "1.2.3", "12Zi", "--1", "1 Gi x", "1e99999", "1e-40000", "9e200"])
    func rejects(text: String) {
        #expect(throws: KubeModelError.self) { try Quantity(text) }
    }

    @Test("millicores round up like Kubernetes")
    func milli() throws {
        #expect(try Quantity("100m").milliValue == 100)
        #expect(try Quantity("2").milliValue == 2000)
        #expect(try Quantity("0.0001").milliValue == 1)
    }

    @Test("decode from JSON strings and numbers")
    func decodes() throws {
        let data = Data(#"{"a":"64Mi","b":2,"c":0.5}"#.utf8)
        let decoded = try JSONDecoder().decode([String: Quantity].self, from: data)
        #expect(decoded["a"]?.value == 67_108_864)
        #expect(decoded["b"]?.value == 2)
        #expect(decoded["c"]?.value == Decimal(string: "0.5"))
    }
}
