import Foundation
import KubeModels

/// Printer columns of the built-in kinds, as the real server's printers define them.
enum BuiltinColumns {
    typealias Column = TableColumn

    static let namespaces: [Column] = [
        .name, Column("Status") { object, _ in Cells.string(object, "status", "phase", fallback: "Active") }, .age,
    ]

    static let nodes: [Column] = [
        .name,
        Column("Status") { object, _ in
            let conditions = object[path: "status", "conditions"]?.arrayValue ?? []
            let ready = conditions.first { $0["type"]?.stringValue == "Ready" }
            var status = ready?["status"]?.stringValue == "True" ? "Ready" : (ready == nil ? "Unknown" : "NotReady")
            if object[path: "spec", "unschedulable"]?.boolValue == true { status += ",SchedulingDisabled" }
            return .string(status)
        },
        Column("Roles") { object, _ in
            let roles = object.labels.keys.compactMap { key -> String? in
                key.hasPrefix("node-role.kubernetes.io/") ? String(key.dropFirst("node-role.kubernetes.io/".count)) : nil
            }.sorted()
            return .string(roles.isEmpty ? "<none>" : roles.joined(separator: ","))
        },
        .age,
        Column("Version") { object, _ in Cells.string(object, "status", "nodeInfo", "kubeletVersion", fallback: "") },
        Column("Internal-IP", priority: 1) { object, _ in address(object, "InternalIP") },
        Column("External-IP", priority: 1) { object, _ in address(object, "ExternalIP") },
        Column("OS-Image", priority: 1) { object, _ in Cells.string(object, "status", "nodeInfo", "osImage", fallback: "<unknown>") },
        Column("Kernel-Version", priority: 1) { object, _ in Cells.string(object, "status", "nodeInfo", "kernelVersion", fallback: "<unknown>") },
        Column("Container-Runtime", priority: 1) { object, _ in Cells.string(object, "status", "nodeInfo", "containerRuntimeVersion", fallback: "<unknown>") },
    ]

    private static func address(_ node: JSONValue, _ type: String) -> JSONValue {
        let found = (node[path: "status", "addresses"]?.arrayValue ?? []).first { $0["type"]?.stringValue == type }
        return .string(found?["address"]?.stringValue ?? "<none>")
    }

    static let pods: [Column] = [
        .name,
        Column("Ready", description: "The aggregate readiness state of this pod for accepting traffic.") { object, _ in
            let total = object[path: "spec", "containers"]?.arrayValue?.count ?? 0
            let ready = (object[path: "status", "containerStatuses"]?.arrayValue ?? []).filter { $0["ready"]?.boolValue == true }.count
            return .string("\(ready)/\(total)")
        },
        Column("Status", description: "The aggregate status of the containers in this pod.") { object, _ in .string(PodStatus.reason(object)) },
        Column("Restarts", description: "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.") { object, context in
            .string(PodStatus.restarts(object, context))
        },
        .age,
        Column("IP", priority: 1) { object, _ in Cells.string(object, "status", "podIP") },
        Column("Node", priority: 1) { object, _ in Cells.string(object, "spec", "nodeName") },
        Column("Nominated Node", priority: 1) { object, _ in Cells.string(object, "status", "nominatedNodeName") },
        Column("Readiness Gates", priority: 1) { object, _ in
            let gates = object[path: "spec", "readinessGates"]?.arrayValue ?? []
            if gates.isEmpty { return "<none>" }
            let conditions = object[path: "status", "conditions"]?.arrayValue ?? []
            let met = gates.filter { gate in conditions.contains { $0["type"] == gate["conditionType"] && $0["status"]?.stringValue == "True" } }.count
            return .string("\(met)/\(gates.count)")
        },
    ]

    static let events: [Column] = [
        Column("Last Seen") { object, context in
            for path in [["lastTimestamp"], ["series", "lastObservedTime"], ["eventTime"], ["deprecatedLastTimestamp"], ["metadata", "creationTimestamp"]] {
                if let text = object.value(at: path)?.stringValue, KubeTime.parse(text) != nil { return Cells.age(object, context, path: path) }
            }
            return "<unknown>"
        },
        Column("Type") { object, _ in Cells.string(object, "type", fallback: "") },
        Column("Reason") { object, _ in Cells.string(object, "reason", fallback: "") },
        Column("Object") { object, _ in
            let reference = object["involvedObject"] ?? object["regarding"] ?? .null
            return .string("\((reference["kind"]?.stringValue ?? "").lowercased())/\(reference["name"]?.stringValue ?? "")")
        },
        Column("Subobject", priority: 1) { object, _ in Cells.string(object, "involvedObject", "fieldPath", fallback: "") },
        Column("Source", priority: 1) { object, _ in
            let component = object[path: "source", "component"]?.stringValue ?? object["reportingComponent"]?.stringValue ?? object["reportingController"]?.stringValue ?? ""
            let host = object[path: "source", "host"]?.stringValue ?? ""
            return .string(host.isEmpty ? component : "\(component), \(host)")
        },
        Column("Message") { object, _ in Cells.string(object, "message", fallback: object["note"]?.stringValue ?? "") },
        Column("First Seen", priority: 1) { object, context in Cells.age(object, context, path: ["firstTimestamp"]) },
        Column("Count", priority: 1) { object, _ in .string(String(object["count"]?.intValue ?? object[path: "series", "count"]?.intValue ?? 1)) },
        Column("Name", priority: 1) { object, _ in .string(object.name) },
    ]

    static let services: [Column] = [
        .name,
        Column("Type") { object, _ in Cells.string(object, "spec", "type", fallback: "ClusterIP") },
        Column("Cluster-IP") { object, _ in Cells.string(object, "spec", "clusterIP") },
        Column("External-IP") { object, _ in
            let ingress = (object[path: "status", "loadBalancer", "ingress"]?.arrayValue ?? []).compactMap { $0["ip"]?.stringValue ?? $0["hostname"]?.stringValue }
            let external = (object[path: "spec", "externalIPs"]?.arrayValue ?? []).compactMap(\.stringValue)
            let all = external + ingress
            if !all.isEmpty { return .string(all.joined(separator: ",")) }
            if object[path: "spec", "type"]?.stringValue == "LoadBalancer" { return "<pending>" }
            if object[path: "spec", "type"]?.stringValue == "ExternalName" { return Cells.string(object, "spec", "externalName") }
            return "<none>"
        },
        Column("Port(s)") { object, _ in
            let ports = (object[path: "spec", "ports"]?.arrayValue ?? []).map { port -> String in
                let number = port["port"]?.scalarText ?? ""
                let proto = port["protocol"]?.stringValue ?? "TCP"
                if let nodePort = port["nodePort"]?.intValue { return "\(number):\(nodePort)/\(proto)" }
                return "\(number)/\(proto)"
            }
            return .string(ports.isEmpty ? "<none>" : ports.joined(separator: ","))
        },
        .age,
        Column("Selector", priority: 1) { object, _ in
            let selector = object[path: "spec", "selector"]?.objectValue ?? [:]
            let text = selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.scalarText)" }.joined(separator: ",")
            return .string(text.isEmpty ? "<none>" : text)
        },
    ]

    static let endpoints: [Column] = [
        .name,
        Column("Endpoints") { object, _ in
            var items: [String] = []
            for subset in object["subsets"]?.arrayValue ?? [] {
                let ports = (subset["ports"]?.arrayValue ?? []).compactMap { $0["port"]?.intValue }
                for address in subset["addresses"]?.arrayValue ?? [] {
                    let ip = address["ip"]?.stringValue ?? ""
                    if ports.isEmpty { items.append(ip) } else { items += ports.map { "\(ip):\($0)" } }
                }
            }
            if items.isEmpty { return "<none>" }
            let shown = items.prefix(3).joined(separator: ",")
            return .string(items.count > 3 ? "\(shown) + \(items.count - 3) more..." : shown)
        },
        .age,
    ]

    static let endpointslices: [Column] = [
        .name,
        Column("AddressType") { object, _ in Cells.string(object, "addressType", fallback: "") },
        Column("Ports") { object, _ in
            let ports = (object["ports"]?.arrayValue ?? []).compactMap { $0["port"]?.scalarText }
            return .string(ports.isEmpty ? "<unset>" : ports.joined(separator: ","))
        },
        Column("Endpoints") { object, _ in
            let addresses = (object["endpoints"]?.arrayValue ?? []).flatMap { ($0["addresses"]?.arrayValue ?? []).compactMap(\.stringValue) }
            if addresses.isEmpty { return "<unset>" }
            let shown = addresses.prefix(3).joined(separator: ",")
            return .string(addresses.count > 3 ? "\(shown) + \(addresses.count - 3) more..." : shown)
        },
        .age,
    ]

    static let configmaps: [Column] = [
        .name,
        Column("Data", type: "integer") { object, _ in
            .int(Int64((object["data"]?.objectValue?.count ?? 0) + (object["binaryData"]?.objectValue?.count ?? 0)))
        },
        .age,
    ]

    static let secrets: [Column] = [
        .name,
        Column("Type") { object, _ in Cells.string(object, "type", fallback: "Opaque") },
        Column("Data", type: "integer") { object, _ in .int(Int64(object["data"]?.objectValue?.count ?? 0)) },
        .age,
    ]

    static let serviceaccounts: [Column] = [
        .name,
        Column("Secrets", type: "integer") { object, _ in .int(Int64(object["secrets"]?.arrayValue?.count ?? 0)) },
        .age,
    ]

    static let resourcequotas: [Column] = [
        .name, .age,
        Column("Request") { object, _ in quotaSummary(object, limits: false) },
        Column("Limit") { object, _ in quotaSummary(object, limits: true) },
    ]

    private static func quotaSummary(_ quota: JSONValue, limits: Bool) -> JSONValue {
        let hard = quota[path: "status", "hard"]?.objectValue ?? quota[path: "spec", "hard"]?.objectValue ?? [:]
        let used = quota[path: "status", "used"]?.objectValue ?? [:]
        let parts = hard.keys.sorted().filter { $0.hasPrefix("limits.") == limits }.map { key in
            "\(key): \(used[key]?.scalarText ?? "0")/\(hard[key]?.scalarText ?? "")"
        }
        return .string(parts.joined(separator: ", "))
    }

    static let pvcs: [Column] = [
        .name,
        Column("Status") { object, _ in Cells.string(object, "status", "phase", fallback: "Pending") },
        Column("Volume") { object, _ in Cells.string(object, "spec", "volumeName", fallback: "") },
        Column("Capacity") { object, _ in Cells.string(object, "status", "capacity", "storage", fallback: "") },
        Column("Access Modes") { object, _ in
            let modes = (object[path: "status", "accessModes"]?.arrayValue ?? []).compactMap(\.stringValue).map { mode -> String in
                switch mode {
                case "ReadWriteOnce": return "RWO"
                case "ReadOnlyMany": return "ROX"
                case "ReadWriteMany": return "RWX"
                case "ReadWriteOncePod": return "RWOP"
                default: return mode
                }
            }
            return .string(modes.joined(separator: ","))
        },
        Column("StorageClass") { object, _ in Cells.string(object, "spec", "storageClassName", fallback: "<unset>") },
        Column("VolumeAttributesClass") { object, _ in Cells.string(object, "spec", "volumeAttributesClassName", fallback: "<unset>") },
        .age,
        Column("VolumeMode", priority: 1) { object, _ in Cells.string(object, "spec", "volumeMode", fallback: "Filesystem") },
    ]

    private static func workloadWide(_ podSpec: [String]) -> [Column] {
        [
            Column("Containers", priority: 1) { object, _ in .string(Cells.containers(object, podSpec: podSpec).names) },
            Column("Images", priority: 1) { object, _ in .string(Cells.containers(object, podSpec: podSpec).images) },
            Column("Selector", priority: 1) { object, _ in Cells.selector(object) },
        ]
    }

    static let deployments: [Column] = [
        .name,
        Column("Ready") { object, _ in
            .string("\(object[path: "status", "readyReplicas"]?.intValue ?? 0)/\(object[path: "spec", "replicas"]?.intValue ?? 1)")
        },
        Column("Up-to-date", type: "integer") { object, _ in Cells.int(object, "status", "updatedReplicas") },
        Column("Available", type: "integer") { object, _ in Cells.int(object, "status", "availableReplicas") },
        .age,
    ] + workloadWide(["spec", "template", "spec"])

    static let replicasets: [Column] = [
        .name,
        Column("Desired", type: "integer") { object, _ in .int(object[path: "spec", "replicas"]?.intValue ?? 1) },
        Column("Current", type: "integer") { object, _ in Cells.int(object, "status", "replicas") },
        Column("Ready", type: "integer") { object, _ in Cells.int(object, "status", "readyReplicas") },
        .age,
    ] + workloadWide(["spec", "template", "spec"])

    static let statefulsets: [Column] = [
        .name,
        Column("Ready") { object, _ in
            .string("\(object[path: "status", "readyReplicas"]?.intValue ?? 0)/\(object[path: "spec", "replicas"]?.intValue ?? 1)")
        },
        .age,
    ] + workloadWide(["spec", "template", "spec"]).prefix(2)

    /// As the real printer: the controller as `statefulset.apps/web`, the revision number, the age.
    static let controllerrevisions: [Column] = [
        .name,
        Column("Controller") { object, _ in
            guard let owner = object.ownerReferences.first(where: { $0["controller"]?.boolValue == true }),
                let kind = owner["kind"]?.stringValue, let name = owner["name"]?.stringValue
            else { return "<none>" }
            let apiVersion = owner["apiVersion"]?.stringValue ?? ""
            let group = apiVersion.contains("/") ? String(apiVersion.split(separator: "/")[0]) : ""
            return .string((group.isEmpty ? kind : "\(kind).\(group)").lowercased() + "/" + name)
        },
        Column("Revision", type: "integer") { object, _ in .int(object["revision"]?.intValue ?? 0) },
        .age,
    ]

    static let daemonsets: [Column] = [
        .name,
        Column("Desired", type: "integer") { object, _ in Cells.int(object, "status", "desiredNumberScheduled") },
        Column("Current", type: "integer") { object, _ in Cells.int(object, "status", "currentNumberScheduled") },
        Column("Ready", type: "integer") { object, _ in Cells.int(object, "status", "numberReady") },
        Column("Up-to-date", type: "integer") { object, _ in Cells.int(object, "status", "updatedNumberScheduled") },
        Column("Available", type: "integer") { object, _ in Cells.int(object, "status", "numberAvailable") },
        Column("Node Selector") { object, _ in
            let selector = object[path: "spec", "template", "spec", "nodeSelector"]?.objectValue ?? [:]
            let text = selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.scalarText)" }.joined(separator: ",")
            return .string(text.isEmpty ? "<none>" : text)
        },
        .age,
    ] + workloadWide(["spec", "template", "spec"])

    static let jobs: [Column] = [
        .name,
        Column("Status") { object, _ in
            let conditions = object[path: "status", "conditions"]?.arrayValue ?? []
            func has(_ type: String) -> Bool { conditions.contains { $0["type"]?.stringValue == type && $0["status"]?.stringValue == "True" } }
            if has("Complete") { return "Complete" }
            if has("Failed") { return "Failed" }
            if has("Suspended") { return "Suspended" }
            return "Running"
        },
        Column("Completions") { object, _ in
            .string("\(object[path: "status", "succeeded"]?.intValue ?? 0)/\(object[path: "spec", "completions"]?.intValue ?? 1)")
        },
        Column("Duration") { object, context in
            guard let start = object[path: "status", "startTime"]?.stringValue.flatMap(KubeTime.parse) else { return "" }
            let end = object[path: "status", "completionTime"]?.stringValue.flatMap(KubeTime.parse)?.timeIntervalSince1970 ?? context.now
            return .string(Cells.humanDuration(end - start.timeIntervalSince1970))
        },
        .age,
    ] + workloadWide(["spec", "template", "spec"])

    static let cronjobs: [Column] = [
        .name,
        Column("Schedule") { object, _ in Cells.string(object, "spec", "schedule", fallback: "") },
        Column("Timezone") { object, _ in Cells.string(object, "spec", "timeZone") },
        Column("Suspend") { object, _ in .string(object[path: "spec", "suspend"]?.boolValue == true ? "True" : "False") },
        Column("Active", type: "integer") { object, _ in .int(Int64(object[path: "status", "active"]?.arrayValue?.count ?? 0)) },
        Column("Last Schedule") { object, context in
            object[path: "status", "lastScheduleTime"] == nil ? "<none>" : Cells.age(object, context, path: ["status", "lastScheduleTime"])
        },
        .age,
    ] + workloadWide(["spec", "jobTemplate", "spec", "template", "spec"])

    static let leases: [Column] = [
        .name,
        Column("Holder") { object, _ in Cells.string(object, "spec", "holderIdentity", fallback: "") },
        .age,
    ]

    static let roles: [Column] = [
        .name,
        Column("Created At") { object, _ in Cells.string(object, "metadata", "creationTimestamp", fallback: "") },
    ]

    static let bindings: [Column] = [
        .name,
        Column("Role") { object, _ in
            .string("\(object[path: "roleRef", "kind"]?.stringValue ?? "")/\(object[path: "roleRef", "name"]?.stringValue ?? "")")
        },
        .age,
        Column("Users", priority: 1) { object, _ in subjects(object, "User") },
        Column("Groups", priority: 1) { object, _ in subjects(object, "Group") },
        Column("ServiceAccounts", priority: 1) { object, _ in
            let names = (object["subjects"]?.arrayValue ?? []).filter { $0["kind"]?.stringValue == "ServiceAccount" }.map {
                "\($0["namespace"]?.stringValue ?? ""):\($0["name"]?.stringValue ?? "")"
            }
            return .string(names.joined(separator: ", "))
        },
    ]

    private static func subjects(_ binding: JSONValue, _ kind: String) -> JSONValue {
        .string((binding["subjects"]?.arrayValue ?? []).filter { $0["kind"]?.stringValue == kind }.compactMap { $0["name"]?.stringValue }.joined(separator: ", "))
    }

    static let crds: [Column] = [
        .name,
        Column("Created At") { object, _ in Cells.string(object, "metadata", "creationTimestamp", fallback: "") },
    ]

    static let podMetrics: [Column] = [
        .name,
        Column("CPU") { object, _ in metricsSum(object["containers"]?.arrayValue ?? [], "cpu") },
        Column("Memory") { object, _ in metricsSum(object["containers"]?.arrayValue ?? [], "memory") },
        Column("Window") { object, _ in Cells.string(object, "window", fallback: "") },
    ]

    static let nodeMetrics: [Column] = [
        .name,
        Column("CPU") { object, _ in Cells.string(object, "usage", "cpu", fallback: "0") },
        Column("Memory") { object, _ in Cells.string(object, "usage", "memory", fallback: "0") },
        Column("Window") { object, _ in Cells.string(object, "window", fallback: "") },
    ]

    private static func metricsSum(_ containers: [JSONValue], _ resource: String) -> JSONValue {
        var sum = QuantitySum()
        for container in containers {
            if let text = container[path: "usage", resource]?.stringValue, let quantity = try? Quantity(text) { sum.add(quantity) }
        }
        return .string(sum.text)
    }
}

/// The pod STATUS and RESTARTS columns, computed as kubectl's printer does.
enum PodStatus {
    static func reason(_ pod: JSONValue) -> String {
        var reason = pod[path: "status", "reason"]?.stringValue ?? pod[path: "status", "phase"]?.stringValue ?? "Pending"
        var initializing = false
        let initStatuses = pod[path: "status", "initContainerStatuses"]?.arrayValue ?? []
        let initCount = pod[path: "spec", "initContainers"]?.arrayValue?.count ?? 0
        for (index, status) in initStatuses.enumerated() {
            if let terminated = status[path: "state", "terminated"], terminated["exitCode"]?.intValue == 0 { continue }
            if let terminated = status[path: "state", "terminated"] {
                let text = terminated["reason"]?.stringValue ?? ""
                reason = text.isEmpty ? "Init:ExitCode:\(terminated["exitCode"]?.intValue ?? 0)" : "Init:\(text)"
            } else if let waiting = status[path: "state", "waiting"], let text = waiting["reason"]?.stringValue, !text.isEmpty, text != "PodInitializing" {
                reason = "Init:\(text)"
            } else {
                reason = "Init:\(index)/\(initCount)"
            }
            initializing = true
            break
        }
        if !initializing {
            var hasRunning = false
            for status in (pod[path: "status", "containerStatuses"]?.arrayValue ?? []).reversed() {
                if let waiting = status[path: "state", "waiting"], let text = waiting["reason"]?.stringValue, !text.isEmpty {
                    reason = text
                } else if let terminated = status[path: "state", "terminated"] {
                    if let text = terminated["reason"]?.stringValue, !text.isEmpty {
                        reason = text
                    } else if let signal = terminated["signal"]?.intValue, signal != 0 {
                        reason = "Signal:\(signal)"
                    } else {
                        reason = "ExitCode:\(terminated["exitCode"]?.intValue ?? 0)"
                    }
                } else if status["ready"]?.boolValue == true, status[path: "state", "running"] != nil {
                    hasRunning = true
                }
            }
            if reason == "Completed", hasRunning {
                let ready = (pod[path: "status", "conditions"]?.arrayValue ?? []).contains { $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True" }
                reason = ready ? "Running" : "NotReady"
            }
        }
        if pod.hasDeletionTimestamp {
            reason = pod[path: "status", "reason"]?.stringValue == "NodeLost" ? "Unknown" : "Terminating"
        }
        return reason
    }

    static func restarts(_ pod: JSONValue, _ context: TableContext) -> String {
        var count: Int64 = 0
        var last: Double?
        for status in (pod[path: "status", "containerStatuses"]?.arrayValue ?? []) + (pod[path: "status", "initContainerStatuses"]?.arrayValue ?? []) {
            count += status["restartCount"]?.intValue ?? 0
            if let text = status[path: "lastState", "terminated", "finishedAt"]?.stringValue, let date = KubeTime.parse(text) {
                last = max(last ?? 0, date.timeIntervalSince1970)
            }
        }
        if count > 0, let last { return "\(count) (\(Cells.humanDuration(context.now - last)) ago)" }
        return String(count)
    }
}
