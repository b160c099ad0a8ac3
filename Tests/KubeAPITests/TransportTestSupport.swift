import Foundation
import KubeAPI
import Synchronization
import TestSupport

/// Records requested sleeps instead of sleeping, so retry tests run instantly.
final class SleepRecorder: Sendable {
    private let log = Mutex<[Duration]>([])

    var sleeper: Sleeper {
        { [self] duration in self.log.withLock { $0.append(duration) } }
    }

    var sleeps: [Duration] { log.withLock { $0 } }
}

/// A thread-safe counter for handlers that answer differently per call.
final class Counter: Sendable {
    private let value = Mutex(0)

    /// Increments and returns the new value (1 for the first call).
    func next() -> Int {
        value.withLock {
            $0 += 1
            return $0
        }
    }
    var current: Int { value.withLock { $0 } }
}

/// A resolved configuration for a test server, written as a real kubeconfig file.
func testConfig(
    server: TestHTTPSServer, pki: TestPKI?, client: TestPKI.Identity? = nil, token: String? = nil,
    extraCluster: String = "", userBody: String? = nil, directory: TemporaryDirectory
) throws -> KubeClientConfig {
    var cluster = "server: \(server.url)"
    if let pki { cluster += "\n    certificate-authority-data: \(KubeconfigFixtures.base64(pki.caCertificatePEM))" }
    if !extraCluster.isEmpty { cluster += "\n    \(extraCluster)" }
    var user = userBody ?? "{}"
    if let client {
        user = """

                client-certificate-data: \(KubeconfigFixtures.base64(client.certificatePEM))
                client-key-data: \(KubeconfigFixtures.base64(client.keyPEM))
            """
    } else if let token {
        user = "{token: \(token)}"
    }
    let path = try directory.write(
        "config",
        """
        apiVersion: v1
        kind: Config
        current-context: kind-test
        clusters:
        - name: kind-test
          cluster:
            \(cluster)
        contexts:
        - name: kind-test
          context: {cluster: kind-test, user: admin}
        users:
        - name: admin
          user: \(user)
        """)
    return try KubeConfigLoader(environment: isolatedEnvironment(directory)).resolve(kubeconfig: path)
}

/// A client over the real HTTPS transport with instant retries.
func testClient(
    _ config: KubeClientConfig, sleeps: SleepRecorder = SleepRecorder(), attempts: Int = 4,
    connectTimeout: Duration = .seconds(1)
) throws -> KubeClient {
    try KubeClient(
        config: config,
        retryPolicy: RetryPolicy(
            maxAttempts: attempts, backoff: Backoff(initial: .milliseconds(10), maximum: .milliseconds(50)),
            sleep: sleeps.sleeper),
        connectTimeout: connectTimeout)
}

let versionJSON = """
    {"major":"1","minor":"31","gitVersion":"v1.31.2","gitCommit":"5864a4677267e6adeae276ad85882a8714d69d9d","buildDate":"2024-10-22T20:28:14Z","goVersion":"go1.22.8","platform":"linux/amd64"}
    """

func pod(_ name: String, resourceVersion: String, namespace: String = "default") -> String {
    #"{"metadata":{"name":"\#(name)","namespace":"\#(namespace)","resourceVersion":"\#(resourceVersion)","uid":"uid-\#(name)"},"spec":{"containers":[{"name":"app","image":"nginx:1.27"}]}}"#
}

func watchLine(_ type: String, _ object: String) -> String {
    #"{"type":"\#(type)","object":\#(object)}"# + "\n"
}
