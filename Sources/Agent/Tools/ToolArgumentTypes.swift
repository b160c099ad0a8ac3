/// The argument types of the read-only tools and `propose_fix`; their JSON schemas are generated
/// from these declarations (see `ToolArguments`).
public struct NamespaceArguments: ToolArguments {
    public var namespace: String?
    public static let example = NamespaceArguments(namespace: nil)
    public static let descriptions = ["namespace": "Only this namespace (omit for every namespace)."]
}

public struct DescribeArguments: ToolArguments {
    public var object: String
    public var namespace: String?
    public static let example = DescribeArguments(object: "", namespace: nil)
    public static let descriptions = [
        "object": "KIND/NAME, e.g. deployment/web, svc/checkout, pod/web-5d8f7-x2x7k, node/worker-1.",
        "namespace": "The namespace (omit to search every namespace).",
    ]
}

public struct WhatChangedArguments: ToolArguments {
    public var since: String?
    public var namespace: String?
    public var all: Bool?
    public static let example = WhatChangedArguments(since: nil, namespace: nil, all: nil)
    public static let descriptions = [
        "since": "Look-back window such as 15m, 2h, 1d (default 15m).",
        "namespace": "Only this namespace (omit for every namespace).",
        "all": "Also list every Normal event, not only warnings and changes of state.",
    ]
}

public struct EndpointsArguments: ToolArguments {
    public var service: String
    public var namespace: String?
    public static let example = EndpointsArguments(service: "", namespace: nil)
    public static let descriptions = [
        "service": "The Service name.", "namespace": "The namespace (omit to search every namespace).",
    ]
}

public struct ImageProbeArguments: ToolArguments {
    public var image: String
    public var limit: Int?
    public static let example = ImageProbeArguments(image: "", limit: nil)
    public static let descriptions = [
        "image": "The image reference that fails, e.g. nginx:1.25.33.",
        "limit": "How many candidates to list (default 5).",
    ]
}

public struct TopArguments: ToolArguments {
    public var target: String
    public var namespace: String?
    public var sort_by: String?
    public static let example = TopArguments(target: "pods", namespace: nil, sort_by: nil)
    public static let descriptions = [
        "target": "pods or nodes.", "namespace": "Only pods of this namespace.",
        "sort_by": "name, cpu or memory (default name).",
    ]
    public static let choices = ["target": ["pods", "nodes"], "sort_by": ["name", "cpu", "memory"]]
}

public struct LogsArguments: ToolArguments {
    public var pod: String
    public var namespace: String?
    public var container: String?
    public var previous: Bool?
    public var tail: Int?
    public static let example = LogsArguments(pod: "", namespace: nil, container: nil, previous: nil, tail: nil)
    public static let descriptions = [
        "pod": "The pod name.", "namespace": "The pod's namespace.",
        "container": "The container (default: the only or default container).",
        "previous": "Read the instance before the last restart (the one that crashed).",
        "tail": "How many last lines (default 100, at most 500).",
    ]
}

public struct ExplainArguments: ToolArguments {
    public var text: String
    public static let example = ExplainArguments(text: "")
    public static let descriptions = ["text": "The error message, e.g. an event message or a container state reason."]
}

public struct ProposeFixArguments: ToolArguments {
    public var type: String
    public var namespace: String
    public var name: String
    public var kind: String?
    public var container: String?
    public var image: String?
    public var replicas: Int?
    public var finding_class: String?
    public var summary: String?
    public var evidence: [String]?
    public var rationale: String
    public static let example = ProposeFixArguments(
        type: "", namespace: "", name: "", kind: nil, container: nil, image: nil, replicas: nil, finding_class: nil,
        summary: nil, evidence: nil, rationale: "")
    public static let descriptions = [
        "type": "The typed action.",
        "namespace": "Namespace of the target object.",
        "name": "Name of the target object (the ResourceQuota, Deployment or Pod).",
        "kind": "RolloutRestart only: Deployment, StatefulSet or DaemonSet.",
        "container": "PatchDeploymentImage only: the container to change.",
        "image": "PatchDeploymentImage only: the new image.",
        "replicas": "ScaleDeployment only: the replica count (0..50).",
        "finding_class": "The finding class, e.g. QuotaExceeded.",
        "summary": "One line: the symptom and its root cause.",
        "evidence": "The evidence lines (events, states) the diagnosis rests on.",
        "rationale": "Symptom / Evidence / Root cause / Proposed fix / Why safe / Rollback, briefly.",
    ]
    public static let choices = [
        "type": ["DeleteResourceQuota", "PatchDeploymentImage", "ScaleDeployment", "RolloutRestart", "DeletePod"],
        "kind": ["Deployment", "StatefulSet", "DaemonSet"],
    ]
}
