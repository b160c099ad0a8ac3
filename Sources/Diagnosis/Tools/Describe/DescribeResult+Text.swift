import Foundation

extension DescribeResult: TextRenderable {
    /// The tree as indented blocks: a header line per object, its details, its events table,
    /// then its children one level deeper; the controllers follow under `Controlled by`.
    public func renderText(style: TextStyle) -> String {
        var text = render(object, depth: 0, style: style)
        if !owners.isEmpty {
            text += "\nControlled by: " + owners.map { TerminalText.clean($0.ref.kindAndName) }.joined(separator: " → ") + "\n"
            for owner in owners { text += render(owner, depth: 1, style: style) }
        }
        return text
    }

    private func render(_ node: DescribedObject, depth: Int, style: TextStyle) -> String {
        let indent = String(repeating: "  ", count: depth * 2)
        var header = style.paint(node.ref.kind, .emphasis) + " "
        header += TerminalText.clean(node.ref.namespace.map { "\($0)/\(node.ref.name)" } ?? node.ref.name)
        var facts: [String] = []
        if let status = node.status { facts.append(style.paint(TerminalText.clean(status), tone(node))) }
        if let revision = node.revision { facts.append("revision \(revision)") }
        if let replicas = node.replicas { facts.append("replicas: \(replicas.text)") }
        if let ready = node.ready { facts.append("ready \(ready)") }
        if let restarts = node.restarts { facts.append("\(restarts) restarts") }
        if let host = node.node { facts.append("node \(TerminalText.clean(host))") }
        if let created = node.created { facts.append("age \(Age.since(created, now: now))") }
        var text = indent + header + (facts.isEmpty ? "" : "   " + facts.joined(separator: " · ")) + "\n"
        let detailIndent = indent + "  "
        if let images = node.images, !images.isEmpty {
            text += detailIndent + "Images: " + TerminalText.clean(images.joined(separator: ", ")) + "\n"
        }
        for reason in node.reasons ?? [] { text += detailIndent + "Reason: " + style.paint(TerminalText.clean(reason), .bad) + "\n" }
        for detail in node.details { text += detailIndent + "\(detail.name): " + TerminalText.clean(detail.value) + "\n" }
        if node.events.isEmpty {
            text += detailIndent + "Events: <none>\n"
        } else {
            text += detailIndent + "Events:\n" + node.events.table(now: now).render(style: style, indent: detailIndent.count + 2)
            if let omitted = node.omittedEvents { text += detailIndent + "  (\(omitted) older events not shown)\n" }
        }
        for child in node.children { text += render(child, depth: depth + 1, style: style) }
        if let omitted = node.omittedChildren { text += detailIndent + "(\(omitted) more not shown)\n" }
        return text
    }

    private func tone(_ node: DescribedObject) -> Tone {
        let status = node.status ?? ""
        if ["Running", "Ready", "Bound", "Complete", "Succeeded", "Active"].contains(status) { return .good }
        if let replicas = node.replicas {
            return (replicas.available ?? replicas.ready ?? 0) >= replicas.desired ? .good : .bad
        }
        if ["Pending", "Terminating", "Suspended"].contains(status) { return .warn }
        return node.reasons == nil ? .plain : .bad
    }
}
