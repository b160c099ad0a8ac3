/// What a registry said when a pull failed, sorted into the kinds that decide whether an image
/// patch may be proposed (DESIGN.md section 4).
public enum ImagePullError: String, Sendable, Hashable, Codable {
    /// The reference does not resolve: not found, manifest unknown, repository does not exist, bad host.
    case notFound
    /// Invalid reference syntax (`InvalidImageName`).
    case invalidReference
    /// Missing or rejected credentials.
    case credentials
    /// Timeouts, TLS failures, rate limits, registry 5xx.
    case transient
    /// Nothing decisive was said.
    case unknown

    /// Classifies the texts (waiting message, `Failed` event messages) of one failing pull.
    public static func classify(_ messages: [String], waitingReason: String?) -> ImagePullError {
        let text = messages.joined(separator: "\n").lowercased()
        if credentialMarkers.contains(where: text.contains) { return .credentials }
        if transientMarkers.contains(where: text.contains) { return .transient }
        if waitingReason == "InvalidImageName" || text.contains("invalidimagename") || text.contains("couldn't parse image")
            || text.contains("invalid reference format")
        {
            return .invalidReference
        }
        if notFoundMarkers.contains(where: text.contains) { return .notFound }
        if weakCredentialMarkers.contains(where: text.contains) { return .credentials }
        return .unknown
    }

    /// Whether the failing reference is known not to resolve, so a near image may replace it.
    public var referenceDoesNotResolve: Bool { self == .notFound || self == .invalidReference }

    public var explanation: String {
        switch self {
        case .notFound: return "the registry says the image does not exist"
        case .invalidReference: return "the image reference is not valid"
        case .credentials: return "the registry refused the credentials (fix the imagePullSecret or registry access, not the image)"
        case .transient: return "the pull failed transiently (timeout, TLS or rate limit); the kubelet keeps retrying"
        case .unknown: return "the registry's answer is not known (no pull error message seen)"
        }
    }

    static let credentialMarkers = [
        "no basic auth credentials", "401 unauthorized", "unauthorized", "403 forbidden", "forbidden",
        "authentication required", "authorization failed", "failed to authorize", "insufficient_scope",
    ]
    /// Docker Hub answers "pull access denied ... repository does not exist" for a missing image, so a
    /// bare "denied" counts as a credential problem only when nothing says the image is missing.
    static let weakCredentialMarkers = ["access denied", "denied:", "requested access to the resource is denied"]
    static let transientMarkers = [
        "i/o timeout", "timeout", "timed out", "deadline exceeded", "tls handshake", "x509:",
        "toomanyrequests", "too many requests", "rate limit", "429", "connection reset", "connection refused",
        "503 service unavailable", "502 bad gateway", "500 internal server error", "temporary failure",
        "unexpected eof", "network is unreachable",
    ]
    static let notFoundMarkers = [
        "not found", "manifest unknown", "repository does not exist", "name unknown", "no such host",
        "does not exist", "no match for platform", "notfound",
    ]
}
