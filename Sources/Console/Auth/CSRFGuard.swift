import Crypto
import Foundation

/// CSRF protection for every POST: a signed double-submit token. The browser gets a random nonce
/// signed with the server's secret in a SameSite=Strict cookie, and every form (and the live
/// page's fetch calls) sends the same value back in a field or `X-CSRF-Token` header. A request is
/// accepted only when both are present, equal and correctly signed. Another site can neither read
/// the cookie nor forge a signature.
public struct CSRFGuard: Sendable {
    public static let cookieName = "kars_csrf"
    public static let fieldName = "csrf"
    public static let headerName = "X-CSRF-Token"
    let secret: [UInt8]

    public init(secret: [UInt8]) {
        self.secret = secret
    }

    /// A fresh token: `nonce.signature`, both base64url.
    public func issue() -> String {
        let nonce = Data((0..<18).map { _ in UInt8.random(in: 0...255) })
        let encoded = Self.base64url(nonce)
        return encoded + "." + sign(encoded)
    }

    /// Whether `token` was issued by this server.
    public func isGenuine(_ token: String) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let expected = sign(String(parts[0]))
        return Self.constantTimeEqual(Array(expected.utf8), Array(parts[1].utf8))
    }

    /// The check of a POST: the submitted token equals the cookie's and is genuine.
    public func verify(cookie: String?, submitted: String?) -> Bool {
        guard let cookie, let submitted, !cookie.isEmpty else { return false }
        return Self.constantTimeEqual(Array(cookie.utf8), Array(submitted.utf8)) && isGenuine(cookie)
    }

    private func sign(_ text: String) -> String {
        Self.base64url(Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: secret))))
    }

    static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
