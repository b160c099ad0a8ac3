import ClusterState
import KubeModels

/// `endpoints SERVICE`: why a Service has or lacks endpoints — no pod matches the selector, pods
/// match but none is Ready, the targetPort is not exposed by the pods, or OK — with the evidence.
public enum EndpointsTool {
    /// The kinds `endpoints` reads.
    public static let kinds: [KindRequirement] = [.services, .endpointSlices, .pods, .deployments, .replicaSets, .statefulSets, .daemonSets]

    /// Inspects Service `name`; with `namespace` nil it is looked up in every namespace.
    public static func inspect(service name: String, namespace: String?, in state: ClusterState) throws(ToolError) -> EndpointsResult {
        let object = try ObjectLookup.find(kind: "Service", name: name, namespace: namespace, in: state)
        guard let service = state.services.first(where: { $0.namespace == object.namespace && $0.name == object.name }) else {
            throw .notFound("Service \(name) could not be read")
        }
        return inspect(service, in: state)
    }

    /// Inspects a Service of the state.
    public static func inspect(_ service: Service, in state: ClusterState) -> EndpointsResult {
        let selector = service.spec?.selector ?? [:]
        let type = service.spec?.type ?? "ClusterIP"
        var result = EndpointsResult(
            service: ResourceRef(kind: "Service", namespace: service.namespace, name: service.name), type: type, verdict: .ok,
            summary: "", problems: [], selector: selector, ports: [], pods: [], endpointSlices: slices(of: service, in: state),
            workloads: [], nearMisses: [])
        if type == "ExternalName" {
            result.verdict = .noSelector
            result.summary = "ExternalName service (an alias for \(service.spec?.externalName ?? "?")): no endpoints by design"
            return result
        }
        guard !selector.isEmpty else {
            result.verdict = .noSelector
            result.summary = "the Service has no selector: its endpoints are managed by hand (\(readyCount(result.endpointSlices)) ready addresses)"
            return result
        }
        let selected = state.pods(in: service.namespace, matchingLabels: selector).filter { pod in
            let phase = pod.status?.phase ?? ""
            return phase != "Succeeded" && phase != "Failed"
        }
        result.pods = selected.sorted { $0.name < $1.name }.map { selectedPod($0, in: state) }
        result.workloads = SelectorMatching.workloads(matching: selector, namespace: service.namespace, in: state)
        result.ports = (service.spec?.ports ?? []).map { PortExposure.check($0, pods: selected) }
        let selectorText = selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        var problems: [String] = []
        if selected.isEmpty {
            result.nearMisses = SelectorMatching.nearMisses(for: selector, namespace: service.namespace, in: state)
            var text = "no pod in namespace \(service.namespace ?? "") matches selector \(selectorText)"
            if let miss = result.nearMisses.first {
                let owners = miss.owners.map(\.kindAndName).joined(separator: ", ")
                text += "; \(miss.pods) pod\(miss.pods == 1 ? "" : "s")\(owners.isEmpty ? "" : " of \(owners)") "
                    + (miss.found.map { "have \(miss.key)=\($0)" } ?? "lack label \(miss.key)")
            }
            let scaledDown = result.workloads.filter { $0.desiredReplicas == 0 }
            if !scaledDown.isEmpty {
                text += "; " + scaledDown.map { "\($0.ref.kindAndName) matches but is scaled to 0" }.joined(separator: ", ")
            }
            problems.append(text)
        } else if !selected.contains(where: isServing) {
            let reasons = Set(result.pods.compactMap(\.notReadyReason)).sorted()
            problems.append(
                "\(selected.count) pod\(selected.count == 1 ? "" : "s") match selector \(selectorText) but none is Ready"
                    + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: "; ")))"))
        }
        for check in result.ports where check.exposed == false {
            problems.append(check.detail)
        }
        result.problems = problems
        if selected.isEmpty {
            result.verdict = .noPodsMatchSelector
        } else if !selected.contains(where: isServing) {
            result.verdict = .noReadyPods
        } else if result.ports.contains(where: { $0.exposed == false }) {
            result.verdict = .targetPortNotExposed
        }
        if let first = problems.first {
            result.summary = first
        } else {
            let ready = selected.filter(isServing).count
            result.summary = "\(ready) of \(selected.count) selected pod\(selected.count == 1 ? "" : "s") ready; "
                + "\(readyCount(result.endpointSlices)) ready endpoint address\(readyCount(result.endpointSlices) == 1 ? "" : "es")"
        }
        return result
    }

    static func isServing(_ pod: Pod) -> Bool { pod.isReady && pod.metadata.deletionTimestamp == nil }

    static func selectedPod(_ pod: Pod, in state: ClusterState) -> SelectedPod {
        let facts = PodFacts(pod: pod)
        var reason: String?
        if !isServing(pod) {
            let probe = state.events(for: ObjectKey(pod)).first { $0.reason == "Unhealthy" && $0.isWarning }
            if facts.isTerminating {
                reason = "terminating"
            } else if let waiting = facts.reasons.first {
                reason = waiting
            } else if let probe {
                reason = probe.plainMessage
            } else if let condition = pod.status?.conditions?.condition("Ready"), condition.status != "True" {
                reason = "Ready=\(condition.status)" + (condition.reason.map { " \($0)" } ?? "")
            } else {
                reason = pod.status?.phase ?? "not ready"
            }
        }
        let ports = (pod.spec?.containers ?? []).flatMap { container in
            (container.ports ?? []).map { "\($0.name.map { "\($0):" } ?? "")\($0.containerPort)/\($0.protocol ?? "TCP")" }
        }
        return SelectedPod(
            name: pod.name, phase: facts.statusText, ready: isServing(pod), terminating: facts.isTerminating,
            ip: pod.status?.podIP, node: pod.spec?.nodeName, containerPorts: ports, notReadyReason: reason)
    }

    static func slices(of service: Service, in state: ClusterState) -> [EndpointSliceSummary] {
        state.endpointSlices.filter { $0.namespace == service.namespace && $0.serviceName == service.name }
            .sorted { $0.name < $1.name }
            .map { slice in
                let endpoints = slice.endpoints ?? []
                return EndpointSliceSummary(
                    name: slice.name,
                    readyAddresses: endpoints.filter { $0.conditions?.ready ?? true }.flatMap(\.addresses),
                    notReadyAddresses: endpoints.filter { !($0.conditions?.ready ?? true) }.flatMap(\.addresses),
                    ports: (slice.ports ?? []).map { "\($0.name.map { "\($0):" } ?? "")\($0.port.map(String.init) ?? "?")/\($0.protocol ?? "TCP")" })
            }
    }

    static func readyCount(_ slices: [EndpointSliceSummary]) -> Int { slices.reduce(0) { $0 + $1.readyAddresses.count } }
}
