import Foundation
import ClusterState
import KubeModels

/// `image-probe IMAGE`: the images in use in the cluster closest to a reference by edit
/// distance, with where each runs — the evidence for "did you mean nginx:1.25.3?".
public enum ImageProbe {
    /// The kinds `image-probe` reads.
    public static let kinds: [KindRequirement] = KindRequirement.workloads
    /// Longest reference accepted.
    public static let maxReferenceLength = 512

    /// Every image in use, with its uses: containers of live pods (grouped by root controller) and
    /// the pod templates of Deployments, StatefulSets, DaemonSets, Jobs and CronJobs.
    public static func imageUses(in state: ClusterState) -> [String: [ImageUse]] {
        struct UseKey: Hashable {
            var image: String
            var workload: ResourceRef
            var container: String
        }
        var uses: [UseKey: ImageUse] = [:]
        func record(_ image: String?, _ workload: ResourceRef, _ container: String, pods: Int, running: Int, template: Bool) {
            guard let image, !image.isEmpty else { return }
            let key = UseKey(image: image, workload: workload, container: container)
            var use = uses[key] ?? ImageUse(workload: workload, container: container, pods: 0, runningPods: 0, inTemplate: false)
            use.pods += pods
            use.runningPods += running
            use.inTemplate = use.inTemplate || template
            uses[key] = use
        }
        for pod in state.pods where pod.metadata.deletionTimestamp == nil {
            let phase = pod.status?.phase ?? ""
            guard phase != "Succeeded" && phase != "Failed" else { continue }
            let root = ResourceRef(state.rootController(of: ObjectKey(pod)))
            let running = Set(pod.allContainerStatuses.filter { $0.state?.running != nil }.map(\.name))
            for container in (pod.spec?.initContainers ?? []) + (pod.spec?.containers ?? []) {
                record(container.image, root, container.name, pods: 1, running: running.contains(container.name) ? 1 : 0, template: root.kind == "Pod")
            }
        }
        func templates<T: KubeResourceModel>(_ models: [T], _ template: (T) -> PodTemplateSpec?) {
            for model in models {
                let ref = ResourceRef(kind: T.kind, namespace: model.namespace, name: model.name)
                for container in (template(model)?.spec?.initContainers ?? []) + (template(model)?.spec?.containers ?? []) {
                    record(container.image, ref, container.name, pods: 0, running: 0, template: true)
                }
            }
        }
        templates(state.deployments) { $0.spec?.template }
        templates(state.statefulSets) { $0.spec?.template }
        templates(state.daemonSets) { $0.spec?.template }
        templates(state.jobs.filter { $0.metadata.controllerReference == nil }) { $0.spec?.template }
        templates(state.cronJobs) { $0.spec?.jobTemplate?.spec?.template }
        var result: [String: [ImageUse]] = [:]
        for (key, use) in uses { result[key.image, default: []].append(use) }
        return result.mapValues { $0.sorted() }
    }

    /// The images in use nearest to `image` by Levenshtein distance over the full reference,
    /// excluding `image` itself: nearest first, then most running, then by name. With
    /// `maxDistance`, farther images are left out (the image-typo rule uses 3).
    public static func closestImages(to image: String, in state: ClusterState, limit: Int = 5, maxDistance: Int? = nil) -> [ImageCandidate] {
        closest(to: image, uses: imageUses(in: state), limit: limit, maxDistance: maxDistance)
    }

    /// Probes a reference: where it is used and the closest other images in use.
    public static func probe(_ image: String, in state: ClusterState, limit: Int = 5, maxDistance: Int? = nil) throws(ToolError) -> ImageProbeResult {
        let reference = image.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reference.isEmpty else { throw .usage("image-probe needs an image reference, e.g. kars-sre image-probe nginx:1.25.33") }
        guard reference.count <= maxReferenceLength, !reference.contains(where: { $0.isWhitespace }) else {
            throw .usage("\"\(TerminalText.clean(reference, limit: 80))\" is not an image reference (no spaces, at most \(maxReferenceLength) characters)")
        }
        let uses = imageUses(in: state)
        let candidates = closest(to: reference, uses: uses, limit: limit, maxDistance: maxDistance)
        let usedBy = uses[reference] ?? []
        var summary = usedBy.isEmpty
            ? "\(reference) is not used by any pod or workload template here"
            : "\(reference) is used by " + usedBy.map(\.workload.kindAndName).joined(separator: ", ")
                + " (\(usedBy.reduce(0) { $0 + $1.runningPods }) running)"
        if let best = candidates.first {
            summary += "; closest image in use: \(best.image) (edit distance \(best.distance), \(best.runningPods) running)"
        }
        return ImageProbeResult(image: reference, usedBy: usedBy, candidates: candidates, summary: summary)
    }

    static func closest(to image: String, uses: [String: [ImageUse]], limit: Int, maxDistance: Int?) -> [ImageCandidate] {
        let candidates = uses.compactMap { candidate, candidateUses -> ImageCandidate? in
            guard candidate != image else { return nil }
            let distance = editDistance(image, candidate)
            if let maxDistance, distance > maxDistance { return nil }
            return ImageCandidate(
                image: candidate, distance: distance, runningPods: candidateUses.reduce(0) { $0 + $1.runningPods }, uses: candidateUses)
        }
        let sorted = candidates.sorted { lhs, rhs in
            if lhs.distance != rhs.distance { return lhs.distance < rhs.distance }
            if lhs.runningPods != rhs.runningPods { return lhs.runningPods > rhs.runningPods }
            return lhs.image < rhs.image
        }
        return Array(sorted.prefix(max(limit, 0)))
    }

    /// Levenshtein distance over Unicode scalars (insertions, deletions, substitutions cost 1).
    public static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        EditDistance.distance(lhs, rhs) ?? max(lhs.unicodeScalars.count, rhs.unicodeScalars.count)
    }
}
