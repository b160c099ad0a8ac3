import ClusterState
import KubeModels

/// `ServicePortMismatch`: a Service's `targetPort` is not exposed by the pods it selects (a named
/// port no container declares, or a number none of the declared container ports has).
public struct ServicePortMismatchAnalyzer: Analyzer {
    public let findingClass = FindingClass.servicePortMismatch

    public init() {}

    public func analyze(_ context: AnalysisContext) -> [Finding] {
        context.state.services.compactMap { service in
            guard context.inScope(service.namespace), let selector = service.spec?.selector, !selector.isEmpty else { return nil }
            let pods = context.state.pods(in: service.namespace, matchingLabels: selector).filter { $0.metadata.deletionTimestamp == nil }
            guard let sample = pods.first else { return nil }
            let declared = (sample.spec?.containers ?? []).flatMap { $0.ports ?? [] }
            var problems: [String] = []
            for port in service.spec?.ports ?? [] {
                let target = port.targetPort ?? .int(port.port)
                switch target {
                case .string(let name):
                    if let number = Int(name) {
                        if !declared.isEmpty, !declared.contains(where: { $0.containerPort == number }) {
                            problems.append(Self.describe(port, target: name, declared: declared))
                        }
                    } else if !declared.contains(where: { $0.name == name }) {
                        problems.append(Self.describe(port, target: "named port \"\(name)\"", declared: declared))
                    }
                case .int(let number):
                    if !declared.isEmpty, !declared.contains(where: { $0.containerPort == number }) {
                        problems.append(Self.describe(port, target: String(number), declared: declared))
                    }
                }
            }
            guard !problems.isEmpty else { return nil }
            let evidence = problems.map { "Service \(service.name): \($0)" }
                + ["Selected pods (\(pods.count)), e.g. \(sample.name), declare ports "
                    + declared.map { "\($0.name.map { $0 + "=" } ?? "")\($0.containerPort)" }.joined(separator: ", ")]
            return Finding(
                class: .servicePortMismatch, severity: .critical, root: ObjectKey(service),
                summary: "Service \(service.name) sends traffic to a port its pods do not expose: \(problems[0])",
                evidence: evidence,
                actionWithheld: "no typed action edits Services: set targetPort to one of the pods' container ports")
        }
    }

    static func describe(_ port: Service.Port, target: String, declared: [ContainerPort]) -> String {
        let ports = declared.map { String($0.containerPort) }.joined(separator: ", ")
        return "port \(port.name.map { "\($0) " } ?? "")\(port.port) targets \(target), pods expose \(ports.isEmpty ? "no ports" : ports)"
    }
}
