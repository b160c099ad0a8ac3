import Foundation
import NIOSSL

/// Turns resolved TLS settings into a NIOSSL client configuration: only the configured CA is
/// trusted when one is given (as kubectl does), the client certificate and key are PEM
/// (PKCS#8, SEC1 EC or PKCS#1 RSA), and `insecure-skip-tls-verify` disables verification.
enum TLSConfigurationFactory {
    static func make(_ settings: TLSSettings, clientCertificate: ClientCertificatePEM?, origin: String) throws
        -> TLSConfiguration
    {
        var configuration = TLSConfiguration.makeClientConfiguration()
        // Do not hold a closing connection open for the server's close_notify (default 5 s):
        // cancelled watches and shutdown would otherwise linger.
        configuration.shutdownTimeout = .milliseconds(250)
        if settings.insecureSkipTLSVerify {
            configuration.certificateVerification = .none
        } else if let authority = settings.certificateAuthorityPEM {
            let roots: [NIOSSLCertificate]
            do {
                roots = try NIOSSLCertificate.fromPEMBytes(Array(authority))
            } catch {
                throw KubeConfigError.tls(origin: origin, reason: "certificate-authority is not a PEM certificate")
            }
            guard !roots.isEmpty else {
                throw KubeConfigError.tls(origin: origin, reason: "certificate-authority contains no certificate")
            }
            configuration.trustRoots = .certificates(roots)
        }
        if let identity = clientCertificate {
            let chain: [NIOSSLCertificate]
            do {
                chain = try NIOSSLCertificate.fromPEMBytes(Array(identity.certificate))
            } catch {
                throw KubeConfigError.tls(origin: origin, reason: "client-certificate is not a PEM certificate")
            }
            guard !chain.isEmpty else {
                throw KubeConfigError.tls(origin: origin, reason: "client-certificate contains no certificate")
            }
            let key: NIOSSLPrivateKey
            do {
                key = try NIOSSLPrivateKey(bytes: Array(identity.key), format: .pem)
            } catch {
                // Never echo key material.
                throw KubeConfigError.tls(
                    origin: origin, reason: "client-key is not a PEM private key (PKCS#8, EC or RSA)")
            }
            configuration.certificateChain = chain.map { .certificate($0) }
            configuration.privateKey = .privateKey(key)
        }
        return configuration
    }
}
