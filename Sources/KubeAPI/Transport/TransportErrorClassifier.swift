import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL

/// Maps the many error types of NIO, NIOSSL and AsyncHTTPClient onto the two cases callers care
/// about: "never reached the server" (safe to retry any verb, reported as unreachable) and
/// "connection lost after sending" (retry only idempotent verbs), with a short human reason.
enum TransportErrorClassifier {
    enum Phase: Sendable {
        case connect
        case inFlight
    }

    static func classify(_ error: Error) -> (phase: Phase, reason: String) {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return (.connect, "connection timed out")
            case .tlsHandshakeTimeout: return (.connect, "TLS handshake timed out")
            case .httpProxyHandshakeTimeout, .socksHandshakeTimeout: return (.connect, "proxy handshake timed out")
            case .proxyAuthenticationRequired: return (.connect, "proxy authentication required")
            case .invalidProxyResponse: return (.connect, "invalid response from proxy")
            case .readTimeout: return (.inFlight, "read timed out")
            case .deadlineExceeded: return (.inFlight, "request timed out")
            case .remoteConnectionClosed: return (.inFlight, "connection closed by the server")
            case .getConnectionFromPoolTimeout: return (.connect, "timed out waiting for a connection")
            default: return (.inFlight, "\(error)")
            }
        }
        if let error = error as? NIOSSLError {
            return (.connect, "TLS handshake failed: \(describeTLS(error))")
        }
        if let error = error as? BoringSSLError {
            return (.connect, "TLS error: \(error)")
        }
        if let error = error as? IOError {
            return classifyErrno(error.errnoCode, fallback: "\(error)")
        }
        if let error = error as? ChannelError {
            switch error {
            case .connectTimeout: return (.connect, "connection timed out")
            case .ioOnClosedChannel, .eof, .alreadyClosed, .outputClosed, .inputClosed:
                return (.inFlight, "connection closed")
            default: return (.inFlight, "\(error)")
            }
        }
        let text = String(describing: error)
        if text.contains("DNS error") || text.contains("NXDOMAIN") || text.contains("resolve") {
            return (.connect, "cannot resolve host (\(text))")
        }
        if text.localizedCaseInsensitiveContains("connection refused") || text.contains("ECONNREFUSED") {
            return (.connect, "connection refused")
        }
        if text.contains("NIOConnectionError") || text.contains("connectionErrors") {
            return (.connect, text)
        }
        if text.localizedCaseInsensitiveContains("connection reset") {
            return (.inFlight, "connection reset by peer")
        }
        return (.inFlight, text)
    }

    private static func classifyErrno(_ code: Int32, fallback: String) -> (phase: Phase, reason: String) {
        switch code {
        case ECONNREFUSED: return (.connect, "connection refused")
        case EHOSTUNREACH: return (.connect, "no route to host")
        case ENETUNREACH: return (.connect, "network is unreachable")
        case ETIMEDOUT: return (.connect, "connection timed out")
        case ECONNRESET: return (.inFlight, "connection reset by peer")
        case EPIPE: return (.inFlight, "broken pipe")
        default: return (.inFlight, fallback)
        }
    }

    private static func describeTLS(_ error: NIOSSLError) -> String {
        switch error {
        case .handshakeFailed(let underlying):
            let text = "\(underlying)"
            if text.contains("CERTIFICATE_VERIFY_FAILED") { return "certificate verify failed (\(text))" }
            return text
        default:
            return "\(error)"
        }
    }
}
