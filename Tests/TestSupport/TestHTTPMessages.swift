import Foundation

/// A request as the test server received it.
public struct TestHTTPRequest: Sendable {
    public var method: String
    /// Path and query as sent.
    public var uri: String
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: Data

    public init(method: String, uri: String, headers: [String: String], body: Data) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
    }

    public var path: String { String(uri.split(separator: "?", maxSplits: 1).first ?? "") }

    /// Decoded query parameters.
    public var query: [String: String] {
        guard let components = URLComponents(string: uri) else { return [:] }
        var result: [String: String] = [:]
        for item in components.queryItems ?? [] { result[item.name] = item.value ?? "" }
        return result
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// One step of writing a response body.
public enum TestResponsePart: Sendable {
    /// Send these bytes as one chunk.
    case data(Data)
    /// Wait before the next part.
    case pause(Duration)
    /// Close the connection abruptly (no terminating chunk).
    case drop
    /// Keep the response open until the client goes away or the server shuts down.
    case hold

    public static func text(_ text: String) -> TestResponsePart { .data(Data(text.utf8)) }
}

/// What the test server answers.
public struct TestHTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var parts: [TestResponsePart]
    /// Full responses get a Content-Length; streamed ones use chunked encoding.
    public var streamed: Bool

    public init(status: Int, headers: [String: String] = [:], parts: [TestResponsePart], streamed: Bool) {
        self.status = status
        self.headers = headers
        self.parts = parts
        self.streamed = streamed
    }

    /// A complete JSON answer.
    public static func json(_ status: Int = 200, _ text: String, headers: [String: String] = [:]) -> TestHTTPResponse {
        var headers = headers
        headers["Content-Type"] = "application/json"
        return TestHTTPResponse(status: status, headers: headers, parts: [.text(text)], streamed: false)
    }

    /// A chunked streamed answer (watch, follow logs).
    public static func stream(_ status: Int = 200, _ parts: [TestResponsePart]) -> TestHTTPResponse {
        TestHTTPResponse(status: status, headers: ["Content-Type": "application/json"], parts: parts, streamed: true)
    }

    /// A `metav1.Status` error body.
    public static func status(_ code: Int, reason: String, message: String, headers: [String: String] = [:])
        -> TestHTTPResponse
    {
        let escaped = message.replacingOccurrences(of: "\"", with: "\\\"")
        return json(
            code,
            """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"\(escaped)","reason":"\(reason)","code":\(code)}
            """, headers: headers)
    }
}
