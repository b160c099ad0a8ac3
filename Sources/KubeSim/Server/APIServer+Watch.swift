import Foundation
import KubeModels
import NIOCore

/// Serving one WATCH: streams events as chunked JSON lines until the timeout, the client leaving,
/// or an injected cut; sends BOOKMARKs when asked for.
extension APIServer {
    func serveWatch(
        _ request: HTTPRequest, type: ResourceType, namespace: String?, name: String, version: String, writer: ResponseWriter
    ) async throws(APIError) {
        var options = Self.listOptions(request)
        if !name.isEmpty {
            let byName = "metadata.name=\(name)"
            options.fieldSelector = (options.fieldSelector?.isEmpty ?? true) ? byName : "\(options.fieldSelector ?? ""),\(byName)"
        }
        let handle = try await store.watch(type.groupResource, namespace: namespace, options: options, version: version)
        let asTable = Self.wantsTable(request.headers.first(name: "Accept") ?? "")
        do {
            try await writer.startStream(status: .ok, headers: [("Content-Type", "application/json"), ("Cache-Control", "no-cache, private")])
        } catch {
            await store.endWatch(handle.id)
            return
        }
        let store = self.store
        let id = handle.id
        writer.closeFuture.whenComplete { _ in Task { await store.endWatch(id) } }
        let timeout = Double(options.timeoutSeconds ?? 1800)
        var helpers: [Task<Void, Never>] = []
        helpers.append(Task {
            try? await Task.sleep(for: .seconds(timeout))
            await store.endWatch(id)
        })
        if options.allowWatchBookmarks {
            let interval = bookmarkInterval
            helpers.append(Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    if Task.isCancelled { break }
                    await store.bookmark(id)
                }
            })
        }
        var cut: WatchCut?
        if let faults, let plan = await faults.watchPlan() {
            cut = plan
            helpers.append(Task {
                try? await Task.sleep(for: .seconds(plan.after))
                await store.endWatch(id)
            })
        }
        var firstTableEvent = true
        for await event in handle.events {
            var line: [UInt8] = Array("{\"type\":".utf8)
            JSONWriter.appendString(event.type.rawValue, into: &line)
            line.append(contentsOf: Array(",\"object\":".utf8))
            if asTable, event.type != .bookmark, event.type != .error {
                var table = TableBuilder.table(
                    type: type, version: version, objects: [event.object], resourceVersion: event.resourceVersion, continueToken: nil,
                    includeObject: request.queryValue("includeObject"), wide: true, now: await store.now)
                if !firstTableEvent { table["columnDefinitions"] = .array([]) }
                firstTableEvent = false
                JSONWriter.write(table, into: &line)
            } else {
                line.append(contentsOf: event.encoded)
            }
            line.append(contentsOf: Array("}\n".utf8))
            do { try await writer.writeChunk(line) } catch { break }
        }
        for helper in helpers { helper.cancel() }
        await store.endWatch(id)
        switch cut?.mode {
        case .drop?:
            writer.abort()
        case .expire?:
            let status = APIError.gone("too old resource version: \(options.resourceVersion ?? "0") (\(await store.currentResourceVersion))").status
            let object = (try? JSONValue(encoding: status)) ?? .null
            var line: [UInt8] = Array("{\"type\":\"ERROR\",\"object\":".utf8)
            JSONWriter.write(object, into: &line)
            line.append(contentsOf: Array("}\n".utf8))
            try? await writer.writeChunk(line)
            await writer.finishStream()
        case nil:
            await writer.finishStream()
        }
    }
}
