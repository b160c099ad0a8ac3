import Foundation

/// What one request carries to authenticate: an `Authorization` header value and/or a client
/// certificate. Never logged; its description redacts.
public struct RequestCredentials: Sendable, Hashable, CustomStringConvertible {
    public var authorization: String?
    public var clientCertificate: ClientCertificatePEM?

    public init(authorization: String? = nil, clientCertificate: ClientCertificatePEM? = nil) {
        self.authorization = authorization
        self.clientCertificate = clientCertificate
    }

    public var description: String {
        let scheme = authorization?.split(separator: " ").first.map(String.init) ?? "none"
        return "credentials(\(scheme) <redacted>\(clientCertificate == nil ? "" : ", client certificate"))"
    }
}

/// Produces request credentials from a `CredentialSource` and keeps them fresh: token files are
/// re-read at most every `tokenFileRefresh` seconds (kubelet rotates projected tokens), exec
/// plugin output is cached until its `expirationTimestamp`, and both are refreshed after a 401.
/// Concurrent callers share one plugin run.
public actor CredentialProvider {
    private let source: CredentialSource
    private let runner: ExecPluginRunner
    private let clock: @Sendable () -> Date
    private let tokenFileRefresh: TimeInterval

    private var cachedFileToken: (token: String, readAt: Date)?
    private var cachedExec: ExecCredentialResult?
    private var execInFlight: Task<ExecCredentialResult, Error>?
    /// How many times the exec plugin has been run (for diagnostics and tests).
    public private(set) var execRuns = 0

    public init(
        source: CredentialSource, environment: [String: String],
        clock: @escaping @Sendable () -> Date = { Date() }, tokenFileRefresh: TimeInterval = 60,
        execTimeout: TimeInterval = 120
    ) {
        self.source = source
        self.runner = ExecPluginRunner(environment: environment, timeout: execTimeout)
        self.clock = clock
        self.tokenFileRefresh = tokenFileRefresh
    }

    /// Credentials for the next request.
    public func current() async throws -> RequestCredentials {
        switch source {
        case .none:
            return RequestCredentials()
        case .bearerToken(let token):
            return RequestCredentials(authorization: "Bearer \(token)")
        case .basic(let username, let password):
            let encoded = Data("\(username):\(password)".utf8).base64EncodedString()
            return RequestCredentials(authorization: "Basic \(encoded)")
        case .tokenFile(let path):
            return RequestCredentials(authorization: "Bearer \(try fileToken(path))")
        case .exec(let spec):
            let result = try await execCredential(spec)
            return RequestCredentials(
                authorization: result.token.map { "Bearer \($0)" }, clientCertificate: result.clientCertificate)
        }
    }

    /// Drops cached credentials after the server answered 401, so the next call re-reads the
    /// token file or re-runs the plugin. Returns true when a refresh can change anything.
    @discardableResult
    public func invalidate() -> Bool {
        switch source {
        case .tokenFile:
            cachedFileToken = nil
            return true
        case .exec:
            cachedExec = nil
            return true
        case .none, .bearerToken, .basic:
            return false
        }
    }

    private func fileToken(_ path: String) throws -> String {
        let now = clock()
        if let cached = cachedFileToken, now.timeIntervalSince(cached.readAt) < tokenFileRefresh {
            return cached.token
        }
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else {
                throw KubeConfigError.credentialFile(path: path, field: "token file", reason: "is empty")
            }
            cachedFileToken = (text, now)
            return text
        } catch {
            // Keep serving the last good token while a rotation is in progress.
            if let cached = cachedFileToken { return cached.token }
            if let error = error as? KubeConfigError { throw error }
            throw KubeConfigError.credentialFile(path: path, field: "token file", reason: "cannot be read")
        }
    }

    private func execCredential(_ spec: ExecPluginSpec) async throws -> ExecCredentialResult {
        if let cached = cachedExec, cached.expiration.map({ clock() < $0 }) ?? true {
            return cached
        }
        if let running = execInFlight {
            return try await running.value
        }
        execRuns += 1
        let runner = self.runner
        let task = Task { () throws -> ExecCredentialResult in
            let output = try await runner.run(spec)
            return try ExecCredentialResult.parse(output, spec: spec)
        }
        execInFlight = task
        defer { execInFlight = nil }
        let result = try await task.value
        cachedExec = result
        return result
    }
}
