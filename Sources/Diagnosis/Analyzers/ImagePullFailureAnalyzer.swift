import ClusterState
import KubeModels

/// `ImagePullFailure`: a container waits in `ErrImagePull`, `ImagePullBackOff` or `InvalidImageName`.
/// On a Deployment whose image does not resolve, proposes the nearest image in use elsewhere
/// (edit distance ≤ 3) as a `PatchDeploymentImage`.
public struct ImagePullFailureAnalyzer: Analyzer {
    public let findingClass = FindingClass.imagePullFailure
    static let waitingReasons: Set<String> = ["ErrImagePull", "ImagePullBackOff", "InvalidImageName"]
    public static let maxImageDistance = 3

    public init() {}

    public func analyze(_ context: AnalysisContext) -> [Finding] {
        let issues = context.containerIssues { Self.waitingReasons.contains($0.state?.waiting?.reason ?? "") }
        guard !issues.isEmpty else { return [] }
        let usage = ImageCandidates.usage(in: context)
        return issues.map { root, issues in finding(root: root, issues: issues, usage: usage, context: context) }
    }

    private func finding(root: ObjectKey, issues: [ContainerIssue], usage: [String: Set<String>], context: AnalysisContext) -> Finding {
        let first = issues[0]
        let image = first.specImage ?? "?"
        let pullMessages = issues.flatMap { issue -> [String] in
            let events = context.recentEvents(for: issue.pod, reasons: ["Failed", "ErrImagePull", "InspectFailed"])
            return [issue.waitingMessage].compactMap { $0 } + events.map(\.plainMessage)
        }
        let pullError = ImagePullError.classify(pullMessages, waitingReason: first.waitingReason)
        let podCount = Set(issues.map { $0.pod.name }).count
        var summary = "Image \(image) cannot be pulled for container \(first.status.name) "
            + "(\(first.waitingReason ?? "ErrImagePull") on \(podCount) pod\(podCount == 1 ? "" : "s")): \(pullError.explanation)"
        if let availability = context.availabilityText(of: root) { summary += "; \(availability)" }
        var evidence = issues.prefix(5).map { issue in
            "\(issue.label): \(issue.waitingReason ?? "?") for image \(issue.specImage ?? "?")"
                + (issue.waitingMessage.map { ": " + TerminalText.clean($0, limit: 200) } ?? "")
        }
        let eventLines = issues.flatMap { context.recentEvents(for: $0.pod, reasons: ["Failed", "BackOff"]) }
            .prefix(4).map { context.evidence($0) }
        evidence.append(contentsOf: eventLines)
        var finding = Finding(
            class: .imagePullFailure, severity: context.severity(forWorkload: root), root: root, summary: summary,
            evidence: evidence)
        propose(into: &finding, root: root, issue: first, pullError: pullError, usage: usage, context: context)
        return finding
    }

    private func propose(
        into finding: inout Finding, root: ObjectKey, issue: ContainerIssue, pullError: ImagePullError,
        usage: [String: Set<String>], context: AnalysisContext
    ) {
        guard let failing = issue.specImage else { return }
        guard pullError.referenceDoesNotResolve else {
            finding.actionWithheld = "no image change proposed: \(pullError.explanation)"
            return
        }
        let candidates = ImageCandidates.nearest(to: failing, excludingRoot: root, usage: usage, limit: Self.maxImageDistance)
        guard let best = candidates.first else {
            finding.actionWithheld = "no image within edit distance \(Self.maxImageDistance) of \(failing) is in use in the cluster"
            return
        }
        finding.evidence.append("Image \(best.image) (edit distance \(best.distance)) runs in \(best.usedBy.prefix(3).joined(separator: ", "))")
        guard root.kind == "Deployment", let namespace = root.namespace, !issue.isInit else {
            finding.actionWithheld = "PatchDeploymentImage applies to the containers of Deployments only; set "
                + "\(issue.status.name)'s image to \(best.image) in \(root.kind) \(root.name)'s manifest"
            return
        }
        let action = ProposedAction.patchDeploymentImage(
            namespace: namespace, name: root.name, container: issue.status.name, image: best.image)
        if let refusal = context.protection.refusal(for: action) {
            finding.actionWithheld = refusal
        } else {
            finding.action = action
        }
    }
}

/// Images in use in the cluster near a failing reference, nearest first.
public enum ImageCandidates {
    /// One candidate image with where it runs.
    public struct Candidate: Sendable, Hashable, Codable {
        public var image: String
        public var distance: Int
        public var usedBy: [String]
    }

    public static func nearest(to failing: String, excludingRoot: ObjectKey? = nil, context: AnalysisContext, limit: Int) -> [Candidate] {
        nearest(to: failing, excludingRoot: excludingRoot, usage: usage(in: context), limit: limit)
    }

    /// Images running in the cluster, each with the workloads (`ns/Kind/name`) that run it.
    static func usage(in context: AnalysisContext) -> [String: Set<String>] {
        var usage: [String: Set<String>] = [:]
        for pod in context.state.pods where pod.metadata.deletionTimestamp == nil {
            let running = Dictionary(
                (pod.status?.containerStatuses ?? []).map { ($0.name, $0.state?.running != nil || $0.ready == true) },
                uniquingKeysWith: { $0 || $1 })
            for container in pod.spec?.containers ?? [] where running[container.name] == true {
                guard let image = container.image else { continue }
                let owner = context.root(of: pod)
                usage[image, default: []].insert("\(owner.namespace.map { $0 + "/" } ?? "")\(owner.kind)/\(owner.name)")
            }
        }
        return usage
    }

    static func nearest(to failing: String, excludingRoot: ObjectKey?, usage: [String: Set<String>], limit: Int) -> [Candidate] {
        let failingNormalized = ImageReference.normalized(failing)
        let failingRepository = ImageReference.repository(failing)
        let candidates = usage.compactMap { image, users -> Candidate? in
            guard ImageReference.normalized(image) != failingNormalized,
                let distance = ImageReference.distance(image, failing, limit: limit)
            else { return nil }
            return Candidate(image: image, distance: distance, usedBy: users.sorted())
        }
        let ownUsers = excludingRoot.map { "\($0.namespace.map { $0 + "/" } ?? "")\($0.kind)/\($0.name)" }
        return candidates.sorted { lhs, rhs in
            if lhs.distance != rhs.distance { return lhs.distance < rhs.distance }
            let lhsSameRepo = ImageReference.repository(lhs.image) == failingRepository
            let rhsSameRepo = ImageReference.repository(rhs.image) == failingRepository
            if lhsSameRepo != rhsSameRepo { return lhsSameRepo }
            let lhsOwn = ownUsers.map { lhs.usedBy.contains($0) } ?? false
            let rhsOwn = ownUsers.map { rhs.usedBy.contains($0) } ?? false
            if lhsOwn != rhsOwn { return lhsOwn }
            if lhs.usedBy.count != rhs.usedBy.count { return lhs.usedBy.count > rhs.usedBy.count }
            return lhs.image < rhs.image
        }
    }
}
