import AsyncHTTPClient
import Foundation
import NIOCore

/// Reads the console's server-sent events like EventSource does: `event:` and `data:` lines,
/// dispatched at each blank line.
final class EventStreamReader: @unchecked Sendable {
    struct Message: Sendable {
        var event: String
        var data: String
    }

    let messages: AsyncStream<Message>
    let status: Int
    private let task: Task<Void, Never>

    private init(messages: AsyncStream<Message>, status: Int, task: Task<Void, Never>) {
        self.messages = messages
        self.status = status
        self.task = task
    }

    static func open(_ harness: ConsoleHarness, path: String = "/events", headers: [(String, String)] = []) async throws
        -> EventStreamReader
    {
        var request = HTTPClientRequest(url: harness.base + path)
        request.headers.add(name: "Accept", value: "text/event-stream")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await harness.http.execute(request, timeout: .seconds(120))
        let (stream, continuation) = AsyncStream.makeStream(of: Message.self)
        let task = Task {
            var buffer = ""
            do {
                for try await chunk in response.body {
                    buffer += String(buffer: chunk)
                    while let range = buffer.range(of: "\n\n") {
                        let block = String(buffer[..<range.lowerBound])
                        buffer = String(buffer[range.upperBound...])
                        var event = "message"
                        var data: [String] = []
                        for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                            if line.hasPrefix("event: ") { event = String(line.dropFirst(7)) }
                            if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
                        }
                        if !data.isEmpty { continuation.yield(Message(event: event, data: data.joined(separator: "\n"))) }
                    }
                }
            } catch {}
            continuation.finish()
        }
        return EventStreamReader(messages: stream, status: Int(response.status.code), task: task)
    }

    /// Waits for a `sections` event whose sections satisfy `condition`; nil when the stream ends
    /// or `timeout` passes first.
    func next(timeout: TimeInterval = 30, where condition: @escaping @Sendable ([String: String]) -> Bool) async
        -> [String: String]?
    {
        let messages = self.messages
        return await withTaskGroup(of: [String: String]?.self) { group in
            group.addTask {
                for await message in messages where message.event == "sections" {
                    guard let sections = try? JSONDecoder().decode([String: String].self, from: Data(message.data.utf8))
                    else { continue }
                    if condition(sections) { return sections }
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(Int64(timeout * 1000)))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    func close() { task.cancel() }
}
