import KubeModels

/// Whether the selected pods expose a Service port's targetPort: a named targetPort must be a
/// named container port; a numeric one must be declared when the pods declare ports at all.
enum PortExposure {
    static func check(_ port: Service.Port, pods: [Pod]) -> ServicePortCheck {
        let proto = port.protocol ?? "TCP"
        let target = port.targetPort ?? .int(port.port)
        let label = "port \(port.name.map { "\($0) (\(port.port))" } ?? String(port.port))"
        var check = ServicePortCheck(
            name: port.name, port: port.port, protocol: proto, targetPort: target.description, exposed: nil, exposingPods: 0, detail: "")
        guard !pods.isEmpty else {
            check.detail = "no selected pods to check"
            return check
        }
        let declared = pods.map { pod in (pod.spec?.containers ?? []).flatMap { $0.ports ?? [] }.filter { ($0.protocol ?? "TCP") == proto } }
        let exposing = declared.filter { ports in
            switch target {
            case .int(let number): return ports.contains { $0.containerPort == number }
            case .string(let name): return ports.contains { $0.name == name }
            }
        }
        check.exposingPods = exposing.count
        let offered = Set(declared.flatMap { $0 }.map { "\($0.name.map { "\($0):" } ?? "")\($0.containerPort)" }).sorted()
        let offeredText = offered.isEmpty ? "no ports" : offered.joined(separator: ", ")
        switch target {
        case .string(let name):
            check.exposed = !exposing.isEmpty
            check.detail = exposing.isEmpty
                ? "targetPort \(name) of \(label) is not a named container port of the selected pods (they declare \(offeredText))"
                : "named port \(name) found on \(exposing.count) of \(pods.count) pods"
        case .int(let number):
            if declared.allSatisfy(\.isEmpty) {
                check.detail = "the selected pods declare no \(proto) container ports; targetPort \(number) cannot be verified"
            } else {
                check.exposed = !exposing.isEmpty
                check.detail = exposing.isEmpty
                    ? "targetPort \(number) of \(label) is not exposed by the selected pods (they declare \(offeredText))"
                    : "\(number)/\(proto) declared by \(exposing.count) of \(pods.count) pods"
            }
        }
        return check
    }
}
