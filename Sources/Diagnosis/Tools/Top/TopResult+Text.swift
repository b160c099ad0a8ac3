/// kubectl-top style formatting: `250m`, `128Mi`, `45%`.
enum TopFormat {
    static func cpu(_ millis: Int64) -> String { "\(millis)m" }
    static func memory(_ bytes: Int64) -> String { "\((bytes + 524_288) / 1_048_576)Mi" }
    static func percent(_ value: Int?) -> String { value.map { "\($0)%" } ?? "-" }

    static func tone(_ percent: Int?) -> Tone {
        guard let percent else { return .plain }
        return percent >= 90 ? .bad : (percent >= 75 ? .warn : .plain)
    }
}

extension TopPodsResult: TextRenderable {
    public func renderText(style: TextStyle) -> String {
        guard available else { return (message ?? MetricsSnapshot.unavailableMessage) + "\n" }
        guard !pods.isEmpty else { return "No pod metrics\(namespace.map { " in namespace \($0)" } ?? "").\n" }
        let showNamespace = namespace == nil
        var table = TextTable(headers: (showNamespace ? ["Namespace"] : []) + ["Name", "CPU(cores)", "CPU/req", "CPU/lim", "Memory(bytes)", "Mem/req", "Mem/lim"])
        for pod in pods {
            var cells: [TextCell] = showNamespace ? [TextCell(pod.namespace ?? "")] : []
            cells += [
                TextCell(pod.name), TextCell(TopFormat.cpu(pod.cpu.usage)),
                TextCell(TopFormat.percent(pod.cpu.percentOfRequest)),
                TextCell(TopFormat.percent(pod.cpu.percentOfLimit), tone: TopFormat.tone(pod.cpu.percentOfLimit)),
                TextCell(TopFormat.memory(pod.memory.usage)), TextCell(TopFormat.percent(pod.memory.percentOfRequest)),
                TextCell(TopFormat.percent(pod.memory.percentOfLimit), tone: TopFormat.tone(pod.memory.percentOfLimit)),
            ]
            table.append(cells)
        }
        return table.render(style: style)
    }
}

extension TopNodesResult: TextRenderable {
    public func renderText(style: TextStyle) -> String {
        guard available else { return (message ?? MetricsSnapshot.unavailableMessage) + "\n" }
        var table = TextTable(headers: ["Name", "CPU(cores)", "CPU%", "Memory(bytes)", "Memory%", "CPU requested", "Memory requested"])
        for node in nodes {
            guard node.measured else {
                table.append([TextCell(node.name), "<unknown>", "<unknown>", "<unknown>", "<unknown>",
                              TextCell(TopFormat.percent(node.requestedCPUPercent)), TextCell(TopFormat.percent(node.requestedMemoryPercent))])
                continue
            }
            table.append([
                TextCell(node.name), TextCell(TopFormat.cpu(node.cpuMillis)),
                TextCell(TopFormat.percent(node.cpuPercent), tone: TopFormat.tone(node.cpuPercent)),
                TextCell(TopFormat.memory(node.memoryBytes)),
                TextCell(TopFormat.percent(node.memoryPercent), tone: TopFormat.tone(node.memoryPercent)),
                TextCell(TopFormat.percent(node.requestedCPUPercent), tone: TopFormat.tone(node.requestedCPUPercent)),
                TextCell(TopFormat.percent(node.requestedMemoryPercent), tone: TopFormat.tone(node.requestedMemoryPercent)),
            ])
        }
        return table.render(style: style)
    }
}
