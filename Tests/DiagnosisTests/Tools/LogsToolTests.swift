import ClusterState
import Diagnosis
import Foundation
import KubeModels
import Testing

/// Records what was asked and answers with fixed text.
final class FakeLogSource: PodLogSource, @unchecked Sendable {
    let text: String
    private(set) var asked: (namespace: String?, pod: String, container: String?, previous: Bool, tail: Int?)?

    init(_ text: String) { self.text = text }

    func logs(namespace: String?, pod: String, container: String?, previous: Bool, tail: Int?) async throws -> String {
        asked = (namespace, pod, container, previous, tail)
        return text
    }
}

@Suite("logs")
struct LogsToolTests {
    static func pod(containers: [String], restarts: Int = 0, defaultContainer: String? = nil) throws -> Pod {
        var metadata: [String: JSONValue] = ["name": "api-1", "namespace": "shop"]
        if let defaultContainer { metadata["annotations"] = ["kubectl.kubernetes.io/default-container": .string(defaultContainer)] }
        let raw: JSONValue = [
            "apiVersion": "v1", "kind": "Pod", "metadata": .object(metadata),
            "spec": ["containers": .array(containers.map { ["name": .string($0), "image": "app:1"] }), "initContainers": [["name": "migrate", "image": "app:1"]]],
            "status": ["containerStatuses": .array(containers.map { ["name": .string($0), "restartCount": .int(Int64(restarts))] })],
        ]
        return try raw.decode(as: Pod.self)
    }

    @Test func capsToTheLastLinesAndSaysSo() {
        let text = (1...600).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let result = LogsTool.prepare(text, for: .init(namespace: "shop", pod: "api-1", tail: 10_000))
        #expect(result.lines.count == LogsTool.maxLines)
        #expect(result.lines.first == "line 101" && result.lines.last == "line 600")
        #expect(result.truncated && result.linesReceived == 600)
        #expect(result.renderText(style: .plain).hasSuffix("--- kars-sre: showing the last 500 of 600 lines\n"))
        #expect(LogsTool.Request(namespace: nil, pod: "p", tail: 0).tail == 1)
        let small = LogsTool.prepare("a\nb\nc", for: .init(namespace: nil, pod: "p", tail: 2))
        #expect(small.lines == ["b", "c"])
    }

    @Test func secretsAreMaskedAndOrdinaryLinesKept() {
        let lines = [
            "GET /healthz 200 in 3ms",
            "Authorization: Bearer abcdef0123456789abcdef",
            "connecting with password=hunter22 to db",
            "DB_PASSWORD=sup3rs3cret",
            #"{"level":"debug","token": "tok_9f8e7d6c5b4a"}"#,
            "dsn postgres://app:s3cret-pass@db.shop:5432/app",
            "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXZhbHVl",
            "aws AKIAIOSFODNN7EXAMPLE in use",
            "-----BEGIN RSA PRIVATE KEY-----",
            "MIIEowIBAAKCAQEAsecretbase64",
            "-----END RSA PRIVATE KEY-----",
            "after the key",
        ]
        let result = LogsTool.prepare(lines.joined(separator: "\n"), for: .init(namespace: nil, pod: "p"))
        #expect(result.lines[0] == "GET /healthz 200 in 3ms")
        #expect(result.lines[1] == "Authorization: Bearer [REDACTED]")
        #expect(result.lines[2] == "connecting with password=[REDACTED] to db")
        #expect(result.lines[3] == "DB_PASSWORD=[REDACTED]")
        #expect(!result.lines[4].contains("tok_9f8e7d6c5b4a"))
        #expect(result.lines[5] == "dsn postgres://app:[REDACTED]@db.shop:5432/app")
        #expect(!result.lines[6].contains("eyJ") && !result.lines[7].contains("AKIA"))
        #expect(result.lines[8...10].allSatisfy { $0 == LogRedaction.mask })
        #expect(result.lines[11] == "after the key")
        #expect(result.redactions >= 9)
        let joined = result.lines.joined()
        for secret in ["hunter22", "sup3rs3cret", "s3cret-pass", "abcdef0123456789abcdef", "secretbase64"] {
            #expect(!joined.contains(secret), "\(secret) leaked")
        }
    }

    @Test func controlCharactersAndLongLinesAreCleaned() {
        let long = String(repeating: "x", count: 5000)
        let result = LogsTool.prepare("\u{1B}[31mERROR\u{1B}[0m boom\u{07}\n\(long)", for: .init(namespace: nil, pod: "p"))
        #expect(result.lines[0] == "ERROR boom")
        #expect(result.lines[1].count == LogsTool.maxLineLength && result.lines[1].hasSuffix("…"))
    }

    @Test func containerSelection() throws {
        #expect(try LogsTool.resolveContainer(pod: Self.pod(containers: ["api"]), requested: nil, previous: false) == "api")
        #expect(try LogsTool.resolveContainer(pod: Self.pod(containers: ["api", "proxy"], defaultContainer: "proxy"), requested: nil, previous: false) == "proxy")
        #expect(try LogsTool.resolveContainer(pod: Self.pod(containers: ["api", "proxy"]), requested: "migrate", previous: false) == "migrate")
        let twoContainers = try Self.pod(containers: ["api", "proxy"])
        #expect(throws: ToolError.usage("pod api-1 has 2 containers (api, proxy): choose one with -c")) {
            try LogsTool.resolveContainer(pod: twoContainers, requested: nil, previous: false)
        }
        #expect(throws: ToolError.self) { try LogsTool.resolveContainer(pod: Self.pod(containers: ["api"]), requested: "nope", previous: false) }
        #expect(throws: ToolError.self) { try LogsTool.resolveContainer(pod: Self.pod(containers: ["api"]), requested: nil, previous: true) }
        #expect(try LogsTool.resolveContainer(pod: Self.pod(containers: ["api"], restarts: 3), requested: nil, previous: true) == "api")
    }

    @Test func fetchAsksTheSourceForTheCappedTailOfTheChosenContainer() async throws {
        let source = FakeLogSource("started\npanic: nil map\n")
        let request = LogsTool.Request(namespace: "shop", pod: "api-1", previous: true, tail: 2000)
        let result = try await LogsTool.fetch(request, pod: Self.pod(containers: ["api"], restarts: 2), from: source)
        #expect(source.asked?.container == "api" && source.asked?.tail == 500 && source.asked?.previous == true)
        #expect(source.asked?.namespace == "shop")
        #expect(result.lines == ["started", "panic: nil map"] && !result.truncated && result.container == "api")
    }
}
