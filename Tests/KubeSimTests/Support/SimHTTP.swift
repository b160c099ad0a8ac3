import Foundation
import KubeAPI
import KubeModels
@testable import KubeSim

/// Raw HTTPS access to a KubeSim as a client library would have it: status, headers and body of
/// one request, or a streamed body split into watch events.
struct SimHTTP: Sendable {
    let transport: HTTPClientTransport

    init(_ sim: KubeSim, token: String? = nil) throws {
        let config = KubeClientConfig(
            server: sim.serverURL, tls: TLSSettings(certificateAuthorityPEM: Data(sim.caPEM.utf8)),
            credentials: .bearerToken(token ?? sim.adminToken))
        transport = try HTTPClientTransport(config: config, requestTimeout: .seconds(20))
    }

    func shutdown() async { try? await transport.shutdown() }

    func send(
        _ method: HTTPVerb = .get, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        contentType: String = "application/json"
    ) async throws -> KubeResponse {
        var request = KubeRequest(method: method, path: path, query: query.map { QueryItem($0.0, $0.1) })
        if let body {
            request.body = Data(JSONWriter.encode(body))
            request.headers["Content-Type"] = contentType
        }
        return try await transport.send(request)
    }

    /// The response body as JSON (null when it is not JSON).
    static func json(_ response: KubeResponse) -> JSONValue {
        (try? JSONReader.parse(Array(response.body))) ?? .null
    }

    /// Streams a watch and collects its events until the server ends it (or `limit` events came).
    func watch(_ path: String, query: [(String, String)], limit: Int = .max) async throws -> (status: Int, events: [JSONValue], clean: Bool) {
        let request = KubeRequest(path: path, query: query.map { QueryItem($0.0, $0.1) } + [QueryItem("watch", "true")])
        let response = try await transport.stream(request)
        var events: [JSONValue] = []
        var buffer = Data()
        var clean = true
        do {
            outer: for try await chunk in response.body {
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let line = buffer[buffer.startIndex..<newline]
                    buffer = Data(buffer[buffer.index(after: newline)...])
                    if let event = try? JSONReader.parse(Array(line)) { events.append(event) }
                    if events.count >= limit { break outer }
                }
            }
        } catch {
            clean = false
        }
        return (response.status, events, clean)
    }
}
