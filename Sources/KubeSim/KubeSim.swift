import Foundation
import KubeModels
import Logging

/// Options of one KubeSim run.
public struct KubeSimOptions: Sendable {
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// A fixed admin token; random when nil.
    public var adminToken: String?
    public var faults: FaultOptions
    public var store: StoreConfiguration
    /// Snapshot files (`kubectl get -o json` Lists) to seed the store with.
    public var snapshotFiles: [String]
    public var eventLoopThreads: Int
    /// How often a watch with `allowWatchBookmarks=true` gets a BOOKMARK.
    public var watchBookmarkInterval: Duration
    /// The clock token expiry is checked against (tests move it instead of sleeping).
    public var now: @Sendable () -> Date

    public init(
        host: String = "127.0.0.1", port: Int = 0, adminToken: String? = nil, faults: FaultOptions = FaultOptions(),
        store: StoreConfiguration = StoreConfiguration(), snapshotFiles: [String] = [], eventLoopThreads: Int = 2,
        watchBookmarkInterval: Duration = .seconds(5), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.watchBookmarkInterval = watchBookmarkInterval
        self.now = now
        self.host = host
        self.port = port
        self.adminToken = adminToken
        self.faults = faults
        self.store = store
        self.snapshotFiles = snapshotFiles
        self.eventLoopThreads = eventLoopThreads
    }
}

/// KubeSim: an embedded Kubernetes-compatible API server, spoken to over real HTTPS by kars-sre and
/// by the real `kubectl`, so the product and its tests run without a cluster.
///
/// Start it with `KubeSim.start(_:)`, point clients at `writeKubeconfig(to:)`, seed or inspect the
/// cluster in-process through `store`, and `stop()` it when done.
public final class KubeSim: Sendable {
    public let store: ClusterStore
    public let certificates: CertificateAuthority
    public let tokens: TokenAuthority
    private let server: HTTPServer

    public var port: Int { server.port }
    public var host: String { "127.0.0.1" }
    public var serverURL: String { "https://127.0.0.1:\(port)" }
    /// PEM of the CA that signed the serving certificate.
    public var caPEM: String { certificates.caCertificatePEM }
    public var adminToken: String { tokens.adminToken }

    private init(store: ClusterStore, certificates: CertificateAuthority, tokens: TokenAuthority, server: HTTPServer) {
        self.store = store
        self.certificates = certificates
        self.tokens = tokens
        self.server = server
    }

    /// Generates the CA, seeds the store and starts serving HTTPS.
    public static func start(_ options: KubeSimOptions = KubeSimOptions()) async throws -> KubeSim {
        let tokens = TokenAuthority(adminToken: options.adminToken, now: options.now)
        let store = await ClusterStore(configuration: options.store, tokens: tokens)
        for file in options.snapshotFiles {
            _ = try await SnapshotLoader.load(file: file, into: store)
        }
        let certificates = try CertificateAuthority()
        let faults = options.faults.isEmpty ? nil : FaultInjector(options: options.faults)
        let logger = Logger(label: "kubesim")
        let portBox = PortBox()
        let api = APIServer(
            store: store, tokens: tokens, faults: faults, logger: logger, bookmarkInterval: options.watchBookmarkInterval
        ) { "127.0.0.1:\(portBox.port)" }
        let server = try await HTTPServer(
            host: options.host, port: options.port, tls: certificates, threads: options.eventLoopThreads
        ) { request, writer in
            await api.handle(request, writer)
        }
        portBox.port = server.port
        return KubeSim(store: store, certificates: certificates, tokens: tokens, server: server)
    }

    /// Stops serving; the store stays readable.
    public func stop() async {
        await server.stop()
    }

    /// A kubeconfig for this server (admin unless another token is given).
    public func kubeconfig(token: String? = nil, namespace: String = "default", user: String = "kubesim-admin") -> String {
        let ca = Data(caPEM.utf8).base64EncodedString()
        return """
            apiVersion: v1
            kind: Config
            clusters:
            - name: kubesim
              cluster:
                server: \(serverURL)
                certificate-authority-data: \(ca)
            users:
            - name: \(user)
              user:
                token: \(token ?? adminToken)
            contexts:
            - name: kubesim
              context:
                cluster: kubesim
                user: \(user)
                namespace: \(namespace)
            current-context: kubesim
            preferences: {}

            """
    }

    /// Writes `kubeconfig(...)` to a file (mode 0600).
    public func writeKubeconfig(to path: String, token: String? = nil, namespace: String = "default") throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(kubeconfig(token: token, namespace: namespace).utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    /// Seeds from a snapshot file; returns how many objects were loaded.
    @discardableResult
    public func load(snapshot path: String) async throws -> Int {
        try await SnapshotLoader.load(file: path, into: store)
    }
}

/// The listening port, known only after bind; read by discovery's server address.
private final class PortBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    var port: Int {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
