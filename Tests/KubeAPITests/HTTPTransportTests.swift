import Foundation
import KubeAPI
import KubeModels
import TestSupport
import Testing

@Suite("HTTPS transport against a local API server")
struct HTTPTransportTests {
    @Test func mutualTLSWithClientCertificates() async throws {
        let pki = try TestPKI()
        let server = try await TestHTTPSServer.start(pki: pki, requireClientCertificate: true) { request in
            request.path == "/version" ? .json(200, versionJSON) : .status(404, reason: "NotFound", message: "nope")
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let identities = [
            try pki.clientIdentity(),  // PKCS#8 EC
            try pki.clientIdentity(keyPEM: StaticTestKeys.ecSEC1PEM),  // SEC1 EC
            try pki.clientIdentity(keyPEM: StaticTestKeys.rsaPKCS1PEM),  // PKCS#1 RSA
        ]
        for identity in identities {
            let client = try testClient(
                try testConfig(server: server, pki: pki, client: identity, directory: directory))
            let version = try await client.serverVersion()
            #expect(version.gitVersion == "v1.31.2")
            #expect(version.minor == "31")
            try await client.shutdown()
        }
        // Without a client certificate the server refuses the handshake.
        let anonymous = try testClient(try testConfig(server: server, pki: pki, directory: directory), attempts: 1)
        await #expect(throws: KubeAPIError.self) { _ = try await anonymous.serverVersion() }
        try await anonymous.shutdown()
        await server.shutdown()
    }

    @Test func bearerTokenIsSentAndUntrustedCAIsRejected() async throws {
        let pki = try TestPKI()
        let server = try await TestHTTPSServer.start(pki: pki) { request in
            guard request.headers["authorization"] == "Bearer abc.def" else {
                return .status(401, reason: "Unauthorized", message: "Unauthorized")
            }
            return .json(200, versionJSON)
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let client = try testClient(try testConfig(server: server, pki: pki, token: "abc.def", directory: directory))
        #expect(try await client.serverVersion().gitVersion == "v1.31.2")
        try await client.shutdown()

        let wrongToken = try testClient(try testConfig(server: server, pki: pki, token: "wrong", directory: directory))
        await #expect { _ = try await wrongToken.serverVersion() } throws: {
            ($0 as? KubeAPIError)?.isUnauthorized == true
        }
        try await wrongToken.shutdown()

        // A different CA: verification fails, reported as unreachable with the TLS reason.
        let otherCA = try testConfig(server: server, pki: try TestPKI(), token: "abc.def", directory: directory)
        let untrusting = try testClient(otherCA, attempts: 1)
        await #expect {
            _ = try await untrusting.serverVersion()
        } throws: { error in
            guard let error = error as? KubeAPIError, error.isUnreachable else { return false }
            return "\(error)".contains("TLS") && !"\(error)".contains("\n")
        }
        try await untrusting.shutdown()

        // insecure-skip-tls-verify accepts it anyway.
        let insecure = try testConfig(
            server: server, pki: nil, token: "abc.def", extraCluster: "insecure-skip-tls-verify: true",
            directory: directory)
        let skipping = try testClient(insecure)
        #expect(try await skipping.serverVersion().major == "1")
        try await skipping.shutdown()
        await server.shutdown()
    }

    @Test func tlsServerNameOverridesVerifiedName() async throws {
        // The certificate names only localhost and kube.test.internal, not 127.0.0.1.
        let pki = try TestPKI(serverIPAddress: false)
        let server = try await TestHTTPSServer.start(pki: pki) { _ in .json(200, versionJSON) }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let plain = try testClient(
            try testConfig(server: server, pki: pki, token: "t", directory: directory), attempts: 1)
        await #expect(throws: KubeAPIError.self) { _ = try await plain.serverVersion() }
        try await plain.shutdown()
        let good = try testClient(
            try testConfig(
                server: server, pki: pki, token: "t", extraCluster: "tls-server-name: \(TestPKI.alternateServerName)",
                directory: directory))
        #expect(try await good.serverVersion().major == "1")
        try await good.shutdown()
        let bad = try testClient(
            try testConfig(
                server: server, pki: pki, token: "t", extraCluster: "tls-server-name: wrong.example",
                directory: directory),
            attempts: 1)
        await #expect(throws: KubeAPIError.self) { _ = try await bad.serverVersion() }
        try await bad.shutdown()
        await server.shutdown()
    }

    @Test func statusErrorBodyIsDecoded() async throws {
        let pki = try TestPKI()
        let server = try await TestHTTPSServer.start(pki: pki) { request in
            .status(404, reason: "NotFound", message: #"pods "web-0" not found"#)
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let client = try testClient(try testConfig(server: server, pki: pki, token: "t", directory: directory))
        do {
            _ = try await client.get(.pods, name: "web-0", namespace: "shop")
            Issue.record("expected NotFound")
        } catch let error as KubeAPIError {
            #expect(error.isNotFound)
            #expect(!error.isConflict && !error.isGone)
            #expect(error.httpCode == 404)
            #expect(error.reason == "NotFound")
            #expect(error.message == #"pods "web-0" not found"#)
            #expect("\(error)" == #"GET /api/v1/namespaces/shop/pods/web-0: HTTP 404 NotFound: pods "web-0" not found"#)
        }
        #expect(server.requests.count == 1, "404 is not retried")
        try await client.shutdown()
        await server.shutdown()
    }

    @Test func tooManyRequestsHonoursRetryAfter() async throws {
        let pki = try TestPKI()
        let calls = Counter()
        let server = try await TestHTTPSServer.start(pki: pki) { request in
            if calls.next() == 1 {
                return .status(
                    429, reason: "TooManyRequests", message: "too many requests, please try again later",
                    headers: ["Retry-After": "1"])
            }
            return .json(
                200,
                #"{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"77"},"items":[\#(pod("a", resourceVersion: "70"))]}"#
            )
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sleeps = SleepRecorder()
        let client = try testClient(
            try testConfig(server: server, pki: pki, token: "t", directory: directory), sleeps: sleeps)
        let list = try await client.list(.pods, namespace: "default")
        #expect(list.items.count == 1)
        #expect(list.items.first?["kind"] == "Pod", "kind is filled in for list items")
        #expect(list.resourceVersion == "77")
        #expect(sleeps.sleeps == [.seconds(1)])
        #expect(calls.current == 2)
        try await client.shutdown()
        await server.shutdown()
    }

    @Test func unreachableServerIsOneLine() async throws {
        // Bind then close to get a port nobody listens on.
        let placeholder = try await TestHTTPSServer.start(pki: nil) { _ in .json(200, "{}") }
        let port = placeholder.port
        await placeholder.shutdown()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write(
            "config",
            """
            apiVersion: v1
            kind: Config
            current-context: kind-dev
            clusters: [{name: kind-dev, cluster: {server: "https://127.0.0.1:\(port)"}}]
            contexts: [{name: kind-dev, context: {cluster: kind-dev, user: ""}}]
            """)
        let config = try KubeConfigLoader(environment: isolatedEnvironment(directory)).resolve(kubeconfig: path)
        let sleeps = SleepRecorder()
        let client = try testClient(config, sleeps: sleeps, connectTimeout: .milliseconds(300))
        do {
            _ = try await client.list(.nodes)
            Issue.record("expected unreachable")
        } catch let error as KubeAPIError {
            #expect(error.isUnreachable)
            #expect(
                "\(error)"
                    == "cannot reach the Kubernetes API at https://127.0.0.1:\(port) (kubeconfig \(path), context kind-dev): connection refused"
            )
        }
        #expect(sleeps.sleeps.isEmpty, "the transport already retried connecting until its connect timeout")
        try await client.shutdown()
    }

    @Test func expiredExecTokenIsRefreshedOn401() async throws {
        let pki = try TestPKI()
        let server = try await TestHTTPSServer.start(pki: pki) { request in
            request.headers["authorization"] == "Bearer token-2"
                ? .json(200, versionJSON) : .status(401, reason: "Unauthorized", message: "Unauthorized")
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        _ = try ExecPluginTests.writePlugin(in: directory)
        let user = """

                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./bin/fake-kubelogin
                  env: [{name: COUNTER_FILE, value: "\(directory.file("runs"))"}]
            """
        let config = try testConfig(server: server, pki: pki, userBody: user, directory: directory)
        let client = try testClient(config)
        #expect(try await client.serverVersion().major == "1")
        #expect(server.requests.map { $0.headers["authorization"] } == ["Bearer token-1", "Bearer token-2"])
        try await client.shutdown()
        await server.shutdown()
    }

    @Test func execPluginClientCertificateForMutualTLS() async throws {
        let pki = try TestPKI()
        let server = try await TestHTTPSServer.start(pki: pki, requireClientCertificate: true) { _ in
            .json(200, versionJSON)
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let identity = try pki.clientIdentity(user: "exec-user")
        let credential: JSONValue = [
            "apiVersion": "client.authentication.k8s.io/v1beta1", "kind": "ExecCredential",
            "status": [
                "clientCertificateData": .string(identity.certificatePEM), "clientKeyData": .string(identity.keyPEM),
                "expirationTimestamp": "2099-01-01T00:00:00Z",
            ],
        ]
        try directory.write("credential.json", credential.jsonString())
        try directory.write(
            "bin/cert-plugin", "#!/bin/sh\ncat \"$(dirname \"$0\")/../credential.json\"\n", executable: true)
        let user = """

                exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: ./bin/cert-plugin}
            """
        let client = try testClient(try testConfig(server: server, pki: pki, userBody: user, directory: directory))
        #expect(try await client.serverVersion().major == "1")
        #expect(try await client.serverVersion().minor == "31", "the cached identity is reused")
        try await client.shutdown()
        await server.shutdown()
    }
}
