/// Where one image runs: a workload (root controller, or a bare pod) and container.
public struct ImageUse: Codable, Sendable, Hashable, Comparable {
    public var workload: ResourceRef
    public var container: String
    /// Pods whose spec uses the image for that container.
    public var pods: Int
    /// Of those, pods where that container is running.
    public var runningPods: Int
    /// Whether the workload's current pod template names the image.
    public var inTemplate: Bool

    public static func < (lhs: ImageUse, rhs: ImageUse) -> Bool { (lhs.workload, lhs.container) < (rhs.workload, rhs.container) }

    /// `Deployment shop/web (container web, 2/2 running)`.
    public var text: String {
        let name = workload.namespace.map { "\($0)/\(workload.name)" } ?? workload.name
        return "\(workload.kind) \(name) (container \(container), \(runningPods)/\(pods) running\(inTemplate ? "" : ", not in the current template"))"
    }
}

/// An image in use in the cluster, with its edit distance to the probed reference.
public struct ImageCandidate: Codable, Sendable, Hashable {
    public var image: String
    /// Levenshtein distance over the full reference.
    public var distance: Int
    /// Total running containers with this image.
    public var runningPods: Int
    public var uses: [ImageUse]
}

/// The answer of `image-probe IMAGE`.
public struct ImageProbeResult: Codable, Sendable {
    public var image: String
    /// Where the probed reference itself is used.
    public var usedBy: [ImageUse]
    /// The closest other images in use, nearest first.
    public var candidates: [ImageCandidate]
    public var summary: String
}

extension ImageProbeResult: TextRenderable {
    public func renderText(style: TextStyle) -> String {
        var text = style.paint("Image", .emphasis) + " " + TerminalText.clean(image) + "\n  " + TerminalText.clean(summary) + "\n"
        if !usedBy.isEmpty {
            text += "\nUsed by:\n"
            for use in usedBy { text += "  " + TerminalText.clean(use.text) + "\n" }
        }
        if candidates.isEmpty {
            text += "\nNo other image is in use in this cluster view.\n"
        } else {
            var table = TextTable(headers: ["Distance", "Image", "Running", "Used by"])
            for candidate in candidates {
                let users = candidate.uses.map { "\($0.workload.namespace.map { "\($0)/" } ?? "")\($0.workload.kindAndName)[\($0.container)]" }
                table.append([
                    TextCell(String(candidate.distance), tone: candidate.distance <= 3 ? .good : .plain), TextCell(candidate.image),
                    TextCell(String(candidate.runningPods)), TextCell(users.joined(separator: ", ")),
                ])
            }
            text += "\nClosest images in use:\n" + table.render(style: style, indent: 2)
        }
        return text
    }
}
