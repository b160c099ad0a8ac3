import Crypto
import Foundation
import X509

/// A throwaway certificate authority generated at test start, issuing the server certificate of
/// `TestHTTPSServer` (for 127.0.0.1, localhost and `kube.test.internal`) and client certificates
/// for mTLS tests, all as PEM text the way kubeconfigs carry them.
public struct TestPKI: Sendable {
    /// A certificate and its private key, both PEM.
    public struct Identity: Sendable {
        public var certificatePEM: String
        public var keyPEM: String
    }

    public let caCertificatePEM: String
    public let server: Identity
    private let caKeyPEM: String
    private let caName: DistinguishedName

    /// Extra DNS name in the server certificate, for tls-server-name tests.
    public static let alternateServerName = "kube.test.internal"

    /// - Parameter serverIPAddress: include 127.0.0.1 in the server certificate. NIOSSL accepts an
    ///   IP SAN matching the connected address whatever name is expected, so tls-server-name tests
    ///   need a certificate without it.
    public init(serverIPAddress: Bool = true) throws {
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName { CommonName("kars-sre test CA") }
        let now = Date()
        let ca = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(caKey.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 86400, issuer: caName, subject: caName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
            },
            issuerPrivateKey: .init(caKey))
        self.caKeyPEM = caKey.pemRepresentation
        self.caName = caName
        self.caCertificatePEM = try ca.serializeAsPEM().pemString
        let serverKey = P256.Signing.PrivateKey()
        let serverCertificate = try Self.issue(
            commonName: "kube-apiserver", publicKey: .init(serverKey.publicKey), caKey: caKey, caName: caName,
            serverNames: ["localhost", Self.alternateServerName], ipAddresses: serverIPAddress ? [[127, 0, 0, 1]] : [],
            clientAuth: false)
        self.server = Identity(certificatePEM: serverCertificate, keyPEM: serverKey.pemRepresentation)
    }

    /// A client certificate (CN = user, O = group) with a PKCS#8 EC key.
    public func clientIdentity(user: String = "kars-admin", group: String = "system:masters") throws -> Identity {
        let caKey = try P256.Signing.PrivateKey(pemRepresentation: caKeyPEM)
        let key = P256.Signing.PrivateKey()
        let certificate = try Self.issue(
            commonName: user, organization: group, publicKey: .init(key.publicKey), caKey: caKey, caName: caName,
            serverNames: [], ipAddresses: [], clientAuth: true)
        return Identity(certificatePEM: certificate, keyPEM: key.pemRepresentation)
    }

    /// A client certificate for an existing PEM private key (SEC1 EC or PKCS#1 RSA).
    public func clientIdentity(keyPEM: String, user: String = "kars-admin") throws -> Identity {
        let key = try Certificate.PrivateKey(pemEncoded: keyPEM)
        let caKey = try P256.Signing.PrivateKey(pemRepresentation: caKeyPEM)
        let certificate = try Self.issue(
            commonName: user, organization: "system:masters", publicKey: key.publicKey, caKey: caKey, caName: caName,
            serverNames: [], ipAddresses: [], clientAuth: true)
        return Identity(certificatePEM: certificate, keyPEM: keyPEM)
    }

    private static func issue(
        commonName: String, organization: String? = nil, publicKey: Certificate.PublicKey,
        caKey: P256.Signing.PrivateKey, caName: DistinguishedName, serverNames: [String], ipAddresses: [[UInt8]],
        clientAuth: Bool
    ) throws -> String {
        let subject = try DistinguishedName {
            if let organization { OrganizationName(organization) }
            CommonName(commonName)
        }
        let now = Date()
        var extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
            try ExtendedKeyUsage([clientAuth ? .clientAuth : .serverAuth])
        }
        if !serverNames.isEmpty || !ipAddresses.isEmpty {
            try extensions.append(
                Certificate.Extension(
                    oid: [2, 5, 29, 17], critical: false,
                    value: ArraySlice(subjectAltNameDER(dnsNames: serverNames, ipAddresses: ipAddresses))))
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
            notValidBefore: now - 3600, notValidAfter: now + 86400, issuer: caName, subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions, issuerPrivateKey: .init(caKey))
        return try certificate.serializeAsPEM().pemString
    }

    /// DER of `SubjectAltName ::= SEQUENCE OF GeneralName` with dNSName [2] and iPAddress [7].
    private static func subjectAltNameDER(dnsNames: [String], ipAddresses: [[UInt8]]) -> [UInt8] {
        var content: [UInt8] = []
        for name in dnsNames { content += [0x82] + length(name.utf8.count) + Array(name.utf8) }
        for address in ipAddresses { content += [0x87] + length(address.count) + address }
        return [0x30] + length(content.count) + content
    }

    private static func length(_ count: Int) -> [UInt8] {
        if count < 0x80 { return [UInt8(count)] }
        if count < 0x100 { return [0x81, UInt8(count)] }
        return [0x82, UInt8(count >> 8), UInt8(count & 0xFF)]
    }
}
