import KubeModels

/// `logs POD [-c C] [--previous] [--tail N]`: the last lines (at most 500) of one container,
/// with control characters removed and secret-looking values masked.
public enum LogsTool {
    /// The most lines ever returned.
    public static let maxLines = 500
    /// Longer lines are cut (marked with `…`).
    public static let maxLineLength = 2000
    /// Byte limit asked of the API server per request (1 MiB).
    public static let maxBytes = 1 << 20

    /// What to fetch.
    public struct Request: Sendable, Hashable {
        public var namespace: String?
        public var pod: String
        public var container: String?
        public var previous: Bool
        /// Last lines wanted; capped to `maxLines`.
        public var tail: Int

        public init(namespace: String?, pod: String, container: String? = nil, previous: Bool = false, tail: Int = LogsTool.maxLines) {
            self.namespace = namespace
            self.pod = pod
            self.container = container
            self.previous = previous
            self.tail = min(max(tail, 1), LogsTool.maxLines)
        }
    }

    /// Fetches and prepares the logs; with the pod at hand, the container is chosen (or checked)
    /// and `--previous` is refused when there is no previous instance.
    public static func fetch(_ request: Request, pod: Pod?, from source: some PodLogSource) async throws -> LogsResult {
        var request = request
        if let pod { request.container = try resolveContainer(pod: pod, requested: request.container, previous: request.previous) }
        guard !request.pod.isEmpty else { throw ToolError.usage("logs needs a pod name, e.g. kars-sre logs web-5d8f7-x2x7k") }
        let text = try await source.logs(
            namespace: request.namespace, pod: request.pod, container: request.container, previous: request.previous, tail: request.tail)
        return prepare(text, for: request)
    }

    /// The container to read: the requested one (which must exist), else the only one, else the
    /// `kubectl.kubernetes.io/default-container` annotation; an error listing the choices otherwise.
    public static func resolveContainer(pod: Pod, requested: String?, previous: Bool) throws(ToolError) -> String? {
        let main = (pod.spec?.containers ?? []).map(\.name)
        let all = (pod.spec?.initContainers ?? []).map(\.name) + main
        let chosen: String
        if let requested {
            guard all.contains(requested) else {
                throw .notFound("container \(requested) not found in pod \(pod.name); containers: \(all.joined(separator: ", "))")
            }
            chosen = requested
        } else if main.count == 1 {
            chosen = main[0]
        } else if let annotated = pod.annotations["kubectl.kubernetes.io/default-container"], all.contains(annotated) {
            chosen = annotated
        } else if main.isEmpty {
            return nil
        } else {
            throw .usage("pod \(pod.name) has \(main.count) containers (\(main.joined(separator: ", "))): choose one with -c")
        }
        if previous, let status = pod.allContainerStatuses.first(where: { $0.name == chosen }),
            (status.restartCount ?? 0) == 0, status.lastState?.terminated == nil
        {
            throw .notFound("container \(chosen) of pod \(pod.name) has not restarted: there is no previous instance (drop --previous)")
        }
        return chosen
    }

    /// Splits, keeps the last `request.tail` lines, cleans, cuts long lines and masks secrets.
    public static func prepare(_ text: String, for request: Request) -> LogsResult {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let received = lines.count
        let kept = lines.suffix(request.tail)
        var redaction = LogRedaction()
        var redactions = 0
        var output: [String] = []
        output.reserveCapacity(kept.count)
        for line in kept {
            let (masked, count) = redaction.redact(TerminalText.clean(line, limit: maxLineLength))
            redactions += count
            output.append(masked)
        }
        return LogsResult(
            namespace: request.namespace, pod: request.pod, container: request.container, previous: request.previous,
            lines: output, linesReceived: received, truncated: received > output.count, redactions: redactions, note: nil)
    }
}
