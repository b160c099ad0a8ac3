extension DescribeStateResult: TextRenderable {
    public func renderText(style: TextStyle) -> String {
        var text = ""
        if kinds.isEmpty {
            text += "No \(group) kinds " + (kindsFrom == "discovery" ? "are installed" : "in this cluster view") + ".\n"
        } else {
            var table = TextTable(headers: ["Kind", "Plural", "Count", "Not ready"])
            for kind in kinds {
                table.append([
                    TextCell(kind.kind), TextCell(kind.plural), TextCell(String(kind.count)),
                    TextCell(String(kind.notReady.count), tone: kind.notReady.isEmpty ? .plain : .bad),
                ])
            }
            text += "\(group) kinds (" + (kindsFrom == "discovery" ? "installed" : "present in the objects") + "):\n"
                + table.render(style: style)
        }
        let notReady = kinds.flatMap(\.notReady)
        if !notReady.isEmpty {
            var table = TextTable(headers: ["Kind", "Namespace", "Name", "Reason"])
            for item in notReady {
                table.append([TextCell(item.ref.kind), TextCell(item.ref.namespace ?? "-"), TextCell(item.ref.name), TextCell(item.reason)])
            }
            text += "\nNot ready:\n" + table.render(style: style)
        }
        if !sandboxes.isEmpty {
            var table = TextTable(headers: ["Namespace", "Sandbox", "Phase", "Health", "Workload", "Available", "Reason"])
            for row in sandboxes {
                let tone: Tone = row.health == .healthy ? .good : .bad
                table.append([
                    TextCell(row.sandbox.namespace ?? "-"), TextCell(row.sandbox.name), TextCell(row.phase ?? "-"),
                    TextCell(row.health.label, tone: tone),
                    TextCell("\(row.deployment.namespace ?? "")/\(row.deployment.name)"), TextCell(row.available), TextCell(row.reason),
                ])
            }
            text += "\nKarsSandbox health:\n" + table.render(style: style)
        }
        return text
    }
}
