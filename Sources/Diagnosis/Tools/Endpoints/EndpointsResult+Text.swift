extension EndpointsResult: TextRenderable {
    public func renderText(style: TextStyle) -> String {
        let tone: Tone = verdict == .ok ? .good : (verdict == .noSelector ? .warn : .bad)
        let name = service.namespace.map { "\($0)/\(service.name)" } ?? service.name
        var text = style.paint("Service", .emphasis) + " " + TerminalText.clean(name) + " (\(type)): "
            + style.paint(verdict.label.uppercased(), tone) + "\n"
        text += "  " + TerminalText.clean(summary) + "\n"
        for problem in problems.dropFirst() { text += "  Also: " + TerminalText.clean(problem) + "\n" }
        let selectorText = selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        text += "\nSelector: " + (selectorText.isEmpty ? "<none>" : TerminalText.clean(selectorText)) + "\n"
        if !ports.isEmpty {
            var table = TextTable(headers: ["Port", "Name", "Target port", "Protocol", "Exposed", "Detail"])
            for check in ports {
                let exposed = check.exposed.map { $0 ? "yes" : "NO" } ?? "?"
                table.append([
                    TextCell(String(check.port)), TextCell(check.name ?? "-"), TextCell(check.targetPort), TextCell(check.protocol),
                    TextCell(exposed, tone: check.exposed == false ? .bad : (check.exposed == true ? .good : .warn)), TextCell(check.detail),
                ])
            }
            text += "\nPorts:\n" + table.render(style: style, indent: 2)
        }
        if pods.isEmpty {
            text += "\nSelected pods: <none>\n"
        } else {
            var table = TextTable(headers: ["Pod", "Ready", "Status", "IP", "Node", "Ports", "Not ready because"])
            for pod in pods {
                table.append([
                    TextCell(pod.name), TextCell(pod.ready ? "yes" : "no", tone: pod.ready ? .good : .bad), TextCell(pod.phase),
                    TextCell(pod.ip ?? "-"), TextCell(pod.node ?? "-"), TextCell(pod.containerPorts.joined(separator: ",")),
                    TextCell(pod.notReadyReason ?? ""),
                ])
            }
            text += "\nSelected pods:\n" + table.render(style: style, indent: 2)
        }
        if endpointSlices.isEmpty {
            text += "\nEndpointSlices: <none>\n"
        } else {
            var table = TextTable(headers: ["EndpointSlice", "Ready", "Not ready", "Ports"])
            for slice in endpointSlices {
                table.append([
                    TextCell(slice.name), TextCell(slice.readyAddresses.isEmpty ? "<none>" : slice.readyAddresses.joined(separator: ",")),
                    TextCell(slice.notReadyAddresses.joined(separator: ",")), TextCell(slice.ports.joined(separator: ",")),
                ])
            }
            text += "\nEndpointSlices:\n" + table.render(style: style, indent: 2)
        }
        if !workloads.isEmpty {
            var table = TextTable(headers: ["Workload", "Desired", "Ready"])
            for workload in workloads {
                table.append([TextCell(workload.ref.kindAndName), TextCell(String(workload.desiredReplicas)), TextCell(String(workload.readyReplicas))])
            }
            text += "\nWorkloads whose pod template matches the selector:\n" + table.render(style: style, indent: 2)
        }
        if !nearMisses.isEmpty {
            var table = TextTable(headers: ["Label", "Selector wants", "Pods have", "Pods", "Owners", "Examples"])
            for miss in nearMisses {
                table.append([
                    TextCell(miss.key), TextCell(miss.wanted), TextCell(miss.found ?? "<missing>", tone: .warn), TextCell(String(miss.pods)),
                    TextCell(miss.owners.map(\.kindAndName).joined(separator: ",")), TextCell(miss.examplePods.joined(separator: ",")),
                ])
            }
            text += "\nPods that miss the selector by one label:\n" + table.render(style: style, indent: 2)
        }
        return text
    }
}
