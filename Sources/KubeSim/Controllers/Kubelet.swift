import Foundation
import KubeModels

/// The kubelets of all simulated nodes: node heartbeats and the life of every pod bound to a node.
///
/// Per node: renews its Lease in `kube-node-lease` every 10 s and posts node status (conditions
/// `Ready=True/KubeletReady` etc.) every minute, unless the node is annotated
/// `kubesim.kars.azure.com/kubelet: stopped` (a lost node: nothing is renewed or confirmed).
///
/// Per pod: ContainerCreating (volumes of missing ConfigMaps/Secrets: `FailedMount`) → `Pulling` →
/// `Pulled` (or, for an image the registry does not have, `Failed` with containerd's NotFound
/// message, `ErrImagePull`, then `ImagePullBackOff` with back-off 10 s doubling to 5 min) →
/// `CreateContainerConfigError` for a missing ConfigMap/Secret in env → `Created`, `Started` →
/// Running, Ready per readiness probe. Behaviours come from the image registry or the pod
/// annotation `kubesim.kars.azure.com/behavior`: crash (exit 1) and OOM (exit 137, also when the
/// memory limit is below the image's working set) restart with back-off 10 s doubling to 5 min
/// (CrashLoopBackOff, `Back-off restarting failed container`), readiness-fail (`Unhealthy`),
/// slow-start, complete. A pod marked for deletion gets `Killing` and is confirmed (deleted with
/// grace 0) after `min(grace, stopSeconds)`.
final class Kubelet: SimController {
    let name = "kubelet"
    let watches: Set<GroupResource> = [.pods, .nodes, .configmaps, .secrets]
    static let registryConfigMap = ObjectKey(namespace: "kube-system", name: "kubesim-images")

    enum Stage: Equatable {
        case creating
        case pulling(until: Date)
        case pullFailed(at: Date, message: String)
        case pullBackOff(until: Date)
        case invalidImage(message: String)
        case configError(message: String)
        case starting(until: Date)
        case running(since: Date)
        case crashBackOff(until: Date, delay: Double)
        case terminated
    }

    struct Container {
        var name: String
        var image: String
        var stage: Stage = .creating
        var restarts = 0
        var pullFailures = 0
        var started = false
        var ready = false
        var imageID = ""
        var containerID: String?
        var lastState: JSONValue = .object([:])
        var lastTerminated: JSONValue?
        var lastRepeat: Date?
        var nextProbe: Date?
        var runs = 0
    }

    struct PodRuntime {
        var uid: String
        var ip: String
        var hostIP: String
        var startTime: Date
        var containers: [Container]
        var initContainers: [JSONValue]
        var killAt: Date?
        var lastMountEvent: Date?
    }

    private var runtimes: [ObjectKey: PodRuntime] = [:]
    private var nextIP: [String: Int] = [:]
    private var imagesOnNode: [String: Set<String>] = [:]
    private var nodeStatusDue: [String: Date] = [:]
    private var waitingForConfig: [String: Set<ObjectKey>] = [:]
    private var registry: ImageRegistry?

    /// Whether a node has a running kubelet: not when annotated `stopped`; always when annotated
    /// `running`; otherwise unless the node is already `Ready=Unknown/NodeStatusUnknown` (a node
    /// loaded from a snapshot of a lost node stays lost).
    static func isRunning(_ node: JSONValue) -> Bool {
        switch node.annotation(SimAnnotations.kubelet) {
        case "stopped": return false
        case "running": return true
        default:
            let ready = node.condition("Ready")
            return !(ready?["status"]?.stringValue == "Unknown" && ready?["reason"]?.stringValue == "NodeStatusUnknown")
        }
    }

    func handle(_ change: CacheChange, manager: isolated ControllerManager) {
        switch change.resource {
        case .nodes:
            guard change.type != .deleted else { return }
            let wasRunning = change.old.map(Self.isRunning) ?? false
            if change.type == .added || (Self.isRunning(change.object) && !wasRunning) {
                manager.enqueue(self, ObjectKey(namespace: "", name: change.object.name))
                for pod in manager.cache.pods(onNode: change.object.name) {
                    manager.enqueue(self, ObjectKey(namespace: pod.namespace, name: pod.name))
                }
            }
        case .pods:
            if !change.object.nodeName.isEmpty || runtimes[change.key] != nil { manager.enqueue(self, change.key) }
        default:
            if change.object.namespace == Self.registryConfigMap.namespace, change.object.name == Self.registryConfigMap.name {
                registry = nil
            }
            for key in waitingForConfig[change.object.namespace] ?? [] { manager.enqueue(self, key) }
        }
    }

    func reconcile(_ key: ObjectKey, manager: isolated ControllerManager) async {
        if key.namespace.isEmpty {
            await heartbeat(node: key.name, manager: manager)
        } else {
            await syncPod(key, manager: manager)
        }
    }

    // MARK: - Nodes

    private func heartbeat(node name: String, manager: isolated ControllerManager) async {
        guard let node = manager.cache.get(.nodes, "", name), Self.isRunning(node) else { return }
        let now = manager.now
        let micro = JSONValue.string(KubeTime.formatMicro(now))
        if manager.cache.get(SimResource.leases, "kube-node-lease", name) != nil {
            await manager.patch(SimResource.leases, namespace: "kube-node-lease", name: name, ["spec": ["renewTime": micro]])
        } else {
            let lease: JSONValue = [
                "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                "metadata": [
                    "name": .string(name), "namespace": "kube-node-lease",
                    "ownerReferences": [["apiVersion": "v1", "kind": "Node", "name": .string(name), "uid": .string(node.uid)]],
                ],
                "spec": ["holderIdentity": .string(name), "leaseDurationSeconds": 40, "renewTime": micro],
            ]
            _ = await manager.create(SimResource.leases, lease)
        }
        let ready = node.conditionStatus("Ready") == "True"
        if !ready || (nodeStatusDue[name] ?? .distantPast) <= now {
            await postNodeStatus(node, manager: manager)
            nodeStatusDue[name] = now.addingTimeInterval(manager.options.nodeStatusSeconds)
        }
        manager.enqueue(self, ObjectKey(namespace: "", name: name), after: manager.options.leaseRenewSeconds)
    }

    private func postNodeStatus(_ node: JSONValue, manager: isolated ControllerManager) async {
        let now = manager.now
        var status = node["status"] ?? .object([:])
        var conditions = status["conditions"]?.arrayValue ?? []
        let wasReady = node.conditionStatus("Ready") == "True"
        let fixed: [(String, String, String, String)] = [
            ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
        ]
        for (type, value, reason, message) in fixed {
            SimObjects.setCondition(&conditions, type: type, status: value, reason: reason, message: message, now: now)
            if let index = conditions.firstIndex(where: { $0["type"]?.stringValue == type }) {
                conditions[index]["lastHeartbeatTime"] = SimObjects.time(now)
            }
        }
        status["conditions"] = .array(conditions)
        if status["capacity"] == nil {
            status["capacity"] = ["cpu": "4", "memory": "16365192Ki", "pods": "110", "ephemeral-storage": "101203600Ki"]
        }
        if status["allocatable"] == nil {
            status["allocatable"] = ["cpu": "4", "memory": "16262792Ki", "pods": "110", "ephemeral-storage": "93270227564"]
        }
        if status["nodeInfo"] == nil {
            status["nodeInfo"] = [
                "kubeletVersion": "v1.31.4", "kubeProxyVersion": "v1.31.4", "containerRuntimeVersion": "containerd://1.7.24",
                "kernelVersion": "5.15.0-1074-azure", "osImage": "Ubuntu 22.04.5 LTS", "architecture": "amd64",
                "operatingSystem": "linux",
            ]
        }
        if status["addresses"] == nil {
            status["addresses"] = [
                ["type": "InternalIP", "address": .string(Self.hostIP(of: node))],
                ["type": "Hostname", "address": .string(node.name)],
            ]
        }
        if status["daemonEndpoints"] == nil { status["daemonEndpoints"] = ["kubeletEndpoint": ["Port": 10250]] }
        await manager.writeStatus(.nodes, node, status: status)
        if !wasReady {
            await manager.event(
                node, reason: "NodeReady", message: "Node \(node.name) status is now: NodeReady",
                source: EventSource(component: "kubelet", host: node.name))
        }
    }

    static func hostIP(of node: JSONValue) -> String {
        for address in node[path: "status", "addresses"]?.arrayValue ?? [] where address["type"]?.stringValue == "InternalIP" {
            if let ip = address["address"]?.stringValue { return ip }
        }
        var hasher = Hasher64()
        hasher.combine(node.name)
        return "10.0.\(hasher.value % 4).\(hasher.value / 4 % 250 + 2)"
    }

    private func podIP(on node: JSONValue) -> String {
        var prefix: String
        if let cidr = node[path: "spec", "podCIDR"]?.stringValue, let slash = cidr.firstIndex(of: "/") {
            let parts = cidr[..<slash].split(separator: ".")
            prefix = parts.count == 4 ? parts.prefix(3).joined(separator: ".") : "10.244.0"
        } else {
            var hasher = Hasher64()
            hasher.combine(node.name)
            prefix = "10.244.\(hasher.value % 250 + 1)"
        }
        let next = nextIP[node.name] ?? 2
        nextIP[node.name] = next >= 254 ? 2 : next + 1
        return "\(prefix).\(next)"
    }

    // MARK: - Pods

    private func currentRegistry(_ manager: isolated ControllerManager) -> ImageRegistry {
        if let registry { return registry }
        var loaded = manager.options.images
        if let configMap = manager.cache.get(.configmaps, Self.registryConfigMap),
            let lines = configMap[path: "data", "images"]?.stringValue
        {
            loaded.merge(configMapLines: lines)
        }
        registry = loaded
        return loaded
    }

    private func syncPod(_ key: ObjectKey, manager: isolated ControllerManager) async {
        guard let pod = manager.cache.get(.pods, key), !pod.nodeName.isEmpty else {
            runtimes[key] = nil
            for namespace in waitingForConfig.keys { waitingForConfig[namespace]?.remove(key) }
            return
        }
        guard let node = manager.cache.get(.nodes, "", pod.nodeName), Self.isRunning(node) else { return }
        if let runtime = runtimes[key], runtime.uid != pod.uid { runtimes[key] = nil }
        let now = manager.now
        if pod.podPhase == "Succeeded" || pod.podPhase == "Failed", runtimes[key] == nil, !pod.isBeingDeleted { return }
        var runtime = runtimes[key] ?? admit(pod, node: node, now: now)

        if pod.isBeingDeleted {
            if runtime.killAt == nil {
                let grace = Double(pod[path: "metadata", "deletionGracePeriodSeconds"]?.intValue ?? 30)
                runtime.killAt = now.addingTimeInterval(min(grace, manager.options.stopSeconds))
                for container in runtime.containers where Self.isRunningStage(container.stage) {
                    await manager.event(
                        pod, reason: "Killing", message: "Stopping container \(container.name)", source: source(pod),
                        fieldPath: "spec.containers{\(container.name)}")
                }
            }
            runtimes[key] = runtime
            if let killAt = runtime.killAt, now >= killAt {
                await manager.delete(.pods, namespace: pod.namespace, name: pod.name, gracePeriod: 0, uid: pod.uid)
                runtimes[key] = nil
            } else if let killAt = runtime.killAt {
                manager.enqueue(self, key, at: killAt)
            }
            return
        }

        var wake: [Date] = []
        let registry = currentRegistry(manager)
        if let missing = missingVolume(pod, manager: manager) {
            waitingForConfig[pod.namespace, default: []].insert(key)
            if (runtime.lastMountEvent ?? .distantPast).addingTimeInterval(30) <= now {
                runtime.lastMountEvent = now
                await manager.event(
                    pod, type: "Warning", reason: "FailedMount", message: "MountVolume.SetUp failed for volume \"\(missing.volume)\" : \(missing.message)",
                    source: source(pod))
            }
            wake.append(now.addingTimeInterval(30))
        } else {
            for index in runtime.containers.indices {
                var container = runtime.containers[index]
                if let next = await step(&container, pod: pod, registry: registry, manager: manager) { wake.append(next) }
                runtime.containers[index] = container
            }
            let configBlocked = runtime.containers.contains { if case .configError = $0.stage { return true } else { return false } }
            if configBlocked {
                waitingForConfig[pod.namespace, default: []].insert(key)
            } else {
                waitingForConfig[pod.namespace]?.remove(key)
            }
        }
        runtimes[key] = runtime
        let status = podStatus(pod, runtime: runtime, now: now)
        if status != pod["status"] {
            await manager.writeStatus(.pods, pod, status: status)
        }
        if let next = wake.min() { manager.enqueue(self, key, at: max(next, now)) }
    }

    private func source(_ pod: JSONValue) -> EventSource {
        EventSource(component: "kubelet", host: pod.nodeName)
    }

    /// Takes a pod over: a new pod starts from ContainerCreating; a pod that already ran (loaded
    /// from a snapshot, or its kubelet restarted) keeps its IPs, start time, restart counts and
    /// running containers, and a crash-looping container stays in back-off.
    private func admit(_ pod: JSONValue, node: JSONValue, now: Date) -> PodRuntime {
        let statuses = pod[path: "status", "containerStatuses"]?.arrayValue ?? []
        let containers = (pod[path: "spec", "containers"]?.arrayValue ?? []).map { spec -> Container in
            var container = Container(name: spec["name"]?.stringValue ?? "", image: spec["image"]?.stringValue ?? "")
            guard let status = statuses.first(where: { $0["name"]?.stringValue == container.name }),
                status["image"]?.stringValue == container.image
            else { return container }
            container.restarts = Int(status["restartCount"]?.intValue ?? 0)
            container.containerID = status["containerID"]?.stringValue
            container.imageID = status["imageID"]?.stringValue ?? ""
            if let lastState = status["lastState"], lastState.objectValue != nil {
                container.lastState = lastState
                container.lastTerminated = lastState["terminated"]
            }
            if !container.imageID.isEmpty { imagesOnNode[pod.nodeName, default: []].insert(container.image) }
            if let running = status[path: "state", "running"] {
                container.stage = .running(since: running["startedAt"]?.stringValue.flatMap(KubeTime.parse) ?? now)
                container.started = true
                container.ready = status["ready"]?.boolValue ?? false
                container.runs = 1
            } else if status[path: "state", "waiting", "reason"]?.stringValue == "CrashLoopBackOff" {
                let delay = min(10 * pow(2, Double(max(container.restarts, 1) - 1)), 300)
                container.stage = .crashBackOff(until: now.addingTimeInterval(delay), delay: delay)
                container.started = true
            }
            return container
        }
        let hostNetwork = pod[path: "spec", "hostNetwork"]?.boolValue == true
        let hostIP = pod[path: "status", "hostIP"]?.stringValue ?? Self.hostIP(of: node)
        let ip = pod[path: "status", "podIP"]?.stringValue ?? (hostNetwork ? hostIP : podIP(on: node))
        let started = pod[path: "status", "startTime"]?.stringValue.flatMap(KubeTime.parse) ?? now
        return PodRuntime(
            uid: pod.uid, ip: ip, hostIP: hostIP, startTime: started, containers: containers,
            initContainers: pod[path: "spec", "initContainers"]?.arrayValue ?? [])
    }

    static func isRunningStage(_ stage: Stage) -> Bool {
        if case .running = stage { return true }
        return false
    }

    /// The behaviour of a container: the pod's annotation (per container or for all), else the
    /// image's, else `complete` for pods that do not restart, else normal; OOM when the memory limit
    /// is below the image's working set.
    private func behavior(of container: Container, spec: JSONValue, pod: JSONValue, registry: ImageRegistry) -> ContainerBehavior {
        if let text = pod.annotation("\(SimAnnotations.behavior).\(container.name)") ?? pod.annotation(SimAnnotations.behavior),
            let behavior = ContainerBehavior(rawValue: text)
        {
            return behavior
        }
        var image = ImageRegistry.Image()
        if case .found(let found) = registry.resolve(container.image) { image = found }
        if let workingSet = image.workingSetBytes {
            let limit = ResourceAmounts.bytes(spec[path: "resources", "limits", "memory"])
            if limit > 0, limit < workingSet { return .oom }
        }
        if image.behavior != .normal { return image.behavior }
        if (pod[path: "spec", "restartPolicy"]?.stringValue ?? "Always") != "Always" { return .complete }
        return .normal
    }

    private func runSeconds(_ pod: JSONValue) -> Double {
        pod.annotation(SimAnnotations.runSeconds).flatMap(Double.init) ?? 5
    }

    /// Advances one container through every transition due by now; returns when to look again.
    private func step(
        _ container: inout Container, pod: JSONValue, registry: ImageRegistry, manager: isolated ControllerManager
    ) async -> Date? {
        let now = manager.now
        let spec = (pod[path: "spec", "containers"]?.arrayValue ?? []).first { $0["name"]?.stringValue == container.name } ?? .null
        let fieldPath = "spec.containers{\(container.name)}"
        let source = source(pod)
        let image = container.image
        for _ in 0..<16 {
            switch container.stage {
            case .creating:
                if case .invalid(let message) = registry.resolve(image) {
                    container.stage = .invalidImage(message: message)
                    container.lastRepeat = nil
                    continue
                }
                let policy = spec["imagePullPolicy"]?.stringValue ?? "IfNotPresent"
                if policy != "Always", imagesOnNode[pod.nodeName]?.contains(image) == true {
                    await manager.event(
                        pod, reason: "Pulled", message: "Container image \"\(image)\" already present on machine",
                        source: source, fieldPath: fieldPath)
                    container.imageID = Self.imageID(image)
                    container.stage = configCheck(spec, pod: pod, manager: manager, now: now)
                    continue
                }
                await manager.event(pod, reason: "Pulling", message: "Pulling image \"\(image)\"", source: source, fieldPath: fieldPath)
                container.stage = .pulling(until: now.addingTimeInterval(manager.options.pullSeconds))
            case .pulling(let until):
                guard now >= until else { return until }
                switch registry.resolve(image) {
                case .found(let found):
                    imagesOnNode[pod.nodeName, default: []].insert(image)
                    container.imageID = Self.imageID(image)
                    let seconds = Self.goDuration(manager.options.pullSeconds)
                    await manager.event(
                        pod, reason: "Pulled",
                        message: "Successfully pulled image \"\(image)\" in \(seconds) (\(seconds) including waiting). Image size: \(found.sizeBytes) bytes.",
                        source: source, fieldPath: fieldPath)
                    container.pullFailures = 0
                    container.stage = configCheck(spec, pod: pod, manager: manager, now: now)
                case .notFound(let message), .invalid(let message):
                    container.pullFailures += 1
                    await manager.event(
                        pod, type: "Warning", reason: "Failed", message: "Failed to pull image \"\(image)\": \(message)",
                        source: source, fieldPath: fieldPath)
                    await manager.event(pod, type: "Warning", reason: "Failed", message: "Error: ErrImagePull", source: source, fieldPath: fieldPath)
                    container.stage = .pullFailed(at: now, message: message)
                }
            case .pullFailed(let at, _):
                let showUntil = at.addingTimeInterval(1)
                guard now >= showUntil else { return showUntil }
                let delay = min(10 * pow(2, Double(container.pullFailures - 1)), 300)
                container.stage = .pullBackOff(until: at.addingTimeInterval(delay))
                container.lastRepeat = nil
            case .pullBackOff(let until):
                if now >= until {
                    await manager.event(pod, reason: "Pulling", message: "Pulling image \"\(image)\"", source: source, fieldPath: fieldPath)
                    container.stage = .pulling(until: now.addingTimeInterval(manager.options.pullSeconds))
                    continue
                }
                if (container.lastRepeat ?? .distantPast).addingTimeInterval(15) <= now {
                    container.lastRepeat = now
                    await manager.event(
                        pod, type: "Warning", reason: "BackOff", message: "Back-off pulling image \"\(image)\"", source: source,
                        fieldPath: fieldPath)
                    await manager.event(pod, type: "Warning", reason: "Failed", message: "Error: ImagePullBackOff", source: source, fieldPath: fieldPath)
                }
                return min(until, (container.lastRepeat ?? now).addingTimeInterval(15))
            case .invalidImage(let message):
                if (container.lastRepeat ?? .distantPast).addingTimeInterval(60) <= now {
                    container.lastRepeat = now
                    await manager.event(pod, type: "Warning", reason: "InspectFailed", message: message, source: source, fieldPath: fieldPath)
                    await manager.event(pod, type: "Warning", reason: "Failed", message: "Error: InvalidImageName", source: source, fieldPath: fieldPath)
                }
                return (container.lastRepeat ?? now).addingTimeInterval(60)
            case .configError(let message):
                let next = configCheck(spec, pod: pod, manager: manager, now: now)
                if case .configError = next {
                    if (container.lastRepeat ?? .distantPast).addingTimeInterval(10) <= now {
                        container.lastRepeat = now
                        await manager.event(
                            pod, reason: "Pulled", message: "Container image \"\(image)\" already present on machine",
                            source: source, fieldPath: fieldPath)
                        await manager.event(pod, type: "Warning", reason: "Failed", message: "Error: \(message)", source: source, fieldPath: fieldPath)
                    }
                    return (container.lastRepeat ?? now).addingTimeInterval(10)
                }
                container.stage = next
            case .starting(let until):
                guard now >= until else { return until }
                container.containerID = "containerd://" + manager.random.hex(length: 64)
                await manager.event(pod, reason: "Created", message: "Created container \(container.name)", source: source, fieldPath: fieldPath)
                await manager.event(pod, reason: "Started", message: "Started container \(container.name)", source: source, fieldPath: fieldPath)
                container.started = true
                container.runs += 1
                container.stage = .running(since: now)
                container.nextProbe = nil
                await writeLog(container, pod: pod, registry: registry, manager: manager)
            case .running(let since):
                let behavior = behavior(of: container, spec: spec, pod: pod, registry: registry)
                let probe = spec["readinessProbe"]
                let initialDelay = Double(probe?["initialDelaySeconds"]?.intValue ?? 0)
                let period = Double(probe?["periodSeconds"]?.intValue ?? 10)
                switch behavior {
                case .crash, .oom, .complete:
                    let exitAt = since.addingTimeInterval(runSeconds(pod))
                    guard now >= exitAt else {
                        container.ready = behavior == .complete ? probe == nil : false
                        return exitAt
                    }
                    container.ready = false
                    let (code, reason): (Int64, String) =
                        switch behavior {
                        case .oom: (137, "OOMKilled")
                        case .complete: (0, "Completed")
                        default: (1, "Error")
                        }
                    var terminated: [String: JSONValue] = [
                        "exitCode": .int(code), "reason": .string(reason), "startedAt": SimObjects.time(since),
                        "finishedAt": SimObjects.time(exitAt),
                    ]
                    if let id = container.containerID { terminated["containerID"] = .string(id) }
                    if code != 0, let message = exitMessage(pod, image: image, registry: registry) {
                        terminated["message"] = .string(message)
                    }
                    container.lastTerminated = .object(terminated)
                    let policy = pod[path: "spec", "restartPolicy"]?.stringValue ?? "Always"
                    if policy == "Always" || (policy == "OnFailure" && code != 0) {
                        container.restarts += 1
                        container.lastState = ["terminated": .object(terminated)]
                        let delay = min(10 * pow(2, Double(container.restarts - 1)), 300)
                        container.stage = .crashBackOff(until: exitAt.addingTimeInterval(delay), delay: delay)
                        container.lastRepeat = nil
                    } else {
                        container.stage = .terminated
                    }
                case .readinessFail:
                    container.ready = false
                    let first = since.addingTimeInterval(initialDelay)
                    var next = container.nextProbe ?? first
                    if now >= next {
                        await manager.event(
                            pod, type: "Warning", reason: "Unhealthy",
                            message: "Readiness probe failed: HTTP probe failed with statuscode: 503", source: source,
                            fieldPath: fieldPath)
                        next = now.addingTimeInterval(period)
                        container.nextProbe = next
                    }
                    return next
                case .slowStart:
                    let readyAt = since.addingTimeInterval(pod.annotation(SimAnnotations.startSeconds).flatMap(Double.init) ?? 60)
                    container.ready = now >= readyAt
                    return container.ready ? nil : readyAt
                case .normal:
                    let readyAt = since.addingTimeInterval(probe == nil ? 0 : initialDelay)
                    container.ready = now >= readyAt
                    return container.ready ? nil : readyAt
                }
            case .crashBackOff(let until, let delay):
                if now >= until {
                    await manager.event(
                        pod, reason: "Pulled", message: "Container image \"\(image)\" already present on machine", source: source,
                        fieldPath: fieldPath)
                    container.stage = .starting(until: now.addingTimeInterval(manager.options.startSeconds))
                    continue
                }
                if (container.lastRepeat ?? .distantPast).addingTimeInterval(20) <= now {
                    container.lastRepeat = now
                    await manager.event(
                        pod, type: "Warning", reason: "BackOff",
                        message: "Back-off restarting failed container \(container.name) in pod \(pod.name)_\(pod.namespace)(\(pod.uid))",
                        source: source, fieldPath: fieldPath)
                }
                _ = delay
                return min(until, (container.lastRepeat ?? now).addingTimeInterval(20))
            case .terminated:
                return nil
            }
        }
        return now.addingTimeInterval(1)
    }

    private func exitMessage(_ pod: JSONValue, image: String, registry: ImageRegistry) -> String? {
        if let message = pod.annotation(SimAnnotations.exitMessage) { return message }
        if case .found(let found) = registry.resolve(image) { return found.exitMessage }
        return nil
    }

    private func writeLog(_ container: Container, pod: JSONValue, registry: ImageRegistry, manager: isolated ControllerManager) async {
        var text = "starting \(container.name) (\(container.image))\n"
        if case .found(let found) = registry.resolve(container.image), let log = found.log { text = log }
        if let message = pod.annotation(SimAnnotations.exitMessage), !text.contains(message) { text += message + "\n" }
        await manager.store.setPodLog(namespace: pod.namespace, pod: pod.name, container: container.name, text: text)
    }

    /// After the image is present: a missing ConfigMap or Secret referenced by env is
    /// `CreateContainerConfigError`; otherwise the container starts.
    private func configCheck(_ spec: JSONValue, pod: JSONValue, manager: isolated ControllerManager, now: Date) -> Stage {
        if let message = missingConfig(spec, namespace: pod.namespace, manager: manager) {
            return .configError(message: message)
        }
        return .starting(until: now.addingTimeInterval(manager.options.startSeconds))
    }

    private func missingConfig(_ spec: JSONValue, namespace: String, manager: isolated ControllerManager) -> String? {
        for env in spec["env"]?.arrayValue ?? [] {
            if let reference = env[path: "valueFrom", "configMapKeyRef"], reference["optional"]?.boolValue != true {
                let name = reference["name"]?.stringValue ?? ""
                let key = reference["key"]?.stringValue ?? ""
                guard let configMap = manager.cache.get(.configmaps, namespace, name) else { return "configmap \"\(name)\" not found" }
                if configMap[path: "data", key] == nil, configMap[path: "binaryData", key] == nil {
                    return "couldn't find key \(key) in ConfigMap \(namespace)/\(name)"
                }
            }
            if let reference = env[path: "valueFrom", "secretKeyRef"], reference["optional"]?.boolValue != true {
                let name = reference["name"]?.stringValue ?? ""
                let key = reference["key"]?.stringValue ?? ""
                guard let secret = manager.cache.get(.secrets, namespace, name) else { return "secret \"\(name)\" not found" }
                if secret[path: "data", key] == nil { return "couldn't find key \(key) in Secret \(namespace)/\(name)" }
            }
        }
        for source in spec["envFrom"]?.arrayValue ?? [] {
            if let reference = source["configMapRef"], reference["optional"]?.boolValue != true {
                let name = reference["name"]?.stringValue ?? ""
                if manager.cache.get(.configmaps, namespace, name) == nil { return "configmap \"\(name)\" not found" }
            }
            if let reference = source["secretRef"], reference["optional"]?.boolValue != true {
                let name = reference["name"]?.stringValue ?? ""
                if manager.cache.get(.secrets, namespace, name) == nil { return "secret \"\(name)\" not found" }
            }
        }
        return nil
    }

    private func missingVolume(_ pod: JSONValue, manager: isolated ControllerManager) -> (volume: String, message: String)? {
        for volume in pod[path: "spec", "volumes"]?.arrayValue ?? [] {
            let volumeName = volume["name"]?.stringValue ?? ""
            if let configMap = volume["configMap"], configMap["optional"]?.boolValue != true {
                let name = configMap["name"]?.stringValue ?? ""
                if manager.cache.get(.configmaps, pod.namespace, name) == nil {
                    return (volumeName, "configmap \"\(name)\" not found")
                }
            }
            if let secret = volume["secret"], secret["optional"]?.boolValue != true {
                let name = secret["secretName"]?.stringValue ?? ""
                if manager.cache.get(.secrets, pod.namespace, name) == nil {
                    return (volumeName, "secret \"\(name)\" not found")
                }
            }
        }
        return nil
    }

    static func imageID(_ image: String) -> String {
        let full = ImageRegistry.normalize(image)
        var repository = full
        if let at = repository.firstIndex(of: "@") { return String(repository[..<at]) + "@sha256:" + ImageRegistry.digest(of: full) }
        if let slash = repository.lastIndex(of: "/"), let colon = repository.lastIndex(of: ":"), colon > slash {
            repository = String(repository[..<colon])
        }
        return "\(repository)@sha256:\(ImageRegistry.digest(of: full))"
    }

    /// Go's `time.Duration` text: `10s`, `1m20s`, `5m0s`, `1.5s`.
    static func goDuration(_ seconds: Double) -> String {
        if seconds < 60 {
            return seconds == seconds.rounded() ? "\(Int(seconds))s" : String(format: "%.3gs", seconds)
        }
        let whole = Int(seconds)
        if whole < 3600 { return "\(whole / 60)m\(whole % 60)s" }
        return "\(whole / 3600)h\(whole % 3600 / 60)m\(whole % 60)s"
    }

    // MARK: - Status

    private func containerState(_ container: Container, pod: JSONValue) -> JSONValue {
        switch container.stage {
        case .pulling where container.pullFailures > 0:
            // A retried pull does not change the status until it fails again.
            return ["waiting": ["reason": "ImagePullBackOff", "message": .string("Back-off pulling image \"\(container.image)\"")]]
        case .creating, .pulling, .starting:
            return ["waiting": ["reason": "ContainerCreating"]]
        case .pullFailed(_, let message):
            return ["waiting": ["reason": "ErrImagePull", "message": .string(message)]]
        case .pullBackOff:
            return ["waiting": ["reason": "ImagePullBackOff", "message": .string("Back-off pulling image \"\(container.image)\"")]]
        case .invalidImage(let message):
            return ["waiting": ["reason": "InvalidImageName", "message": .string(message)]]
        case .configError(let message):
            return ["waiting": ["reason": "CreateContainerConfigError", "message": .string(message)]]
        case .running(let since):
            return ["running": ["startedAt": SimObjects.time(since)]]
        case .crashBackOff(_, let delay):
            let text = "back-off \(Self.goDuration(delay)) restarting failed container=\(container.name) pod=\(pod.name)_\(pod.namespace)(\(pod.uid))"
            return ["waiting": ["reason": "CrashLoopBackOff", "message": .string(text)]]
        case .terminated:
            return ["terminated": container.lastTerminated ?? ["exitCode": 0, "reason": "Completed"]]
        }
    }

    private func podStatus(_ pod: JSONValue, runtime: PodRuntime, now: Date) -> JSONValue {
        var status = pod["status"]?.objectValue ?? [:]
        let containers = runtime.containers
        let allTerminated = !containers.isEmpty && containers.allSatisfy { $0.stage == .terminated }
        let phase: String
        if allTerminated {
            let failed = containers.contains { ($0.lastTerminated?["exitCode"]?.intValue ?? 0) != 0 }
            phase = failed ? "Failed" : "Succeeded"
        } else if containers.contains(where: \.started) {
            phase = "Running"
        } else {
            phase = "Pending"
        }
        status["phase"] = .string(phase)
        var conditions = status["conditions"]?.arrayValue ?? []
        let start = runtime.startTime
        let unready = containers.filter { !$0.ready }.map(\.name)
        let readyStatus = unready.isEmpty && !allTerminated ? "True" : "False"
        let reason: String? = readyStatus == "True" ? nil : (allTerminated ? "PodCompleted" : "ContainersNotReady")
        let message: String? = readyStatus == "True" || allTerminated ? nil : "containers with unready status: [\(unready.joined(separator: " "))]"
        SimObjects.setCondition(&conditions, type: "PodReadyToStartContainers", status: allTerminated ? "False" : "True", reason: nil, message: nil, now: start, probeTimes: true)
        SimObjects.setCondition(&conditions, type: "Initialized", status: "True", reason: allTerminated ? "PodCompleted" : nil, message: nil, now: start, probeTimes: true)
        SimObjects.setCondition(&conditions, type: "Ready", status: readyStatus, reason: reason, message: message, now: now, probeTimes: true)
        SimObjects.setCondition(&conditions, type: "ContainersReady", status: readyStatus, reason: reason, message: message, now: now, probeTimes: true)
        if !conditions.contains(where: { $0["type"]?.stringValue == "PodScheduled" }) {
            SimObjects.setCondition(&conditions, type: "PodScheduled", status: "True", reason: nil, message: nil, now: start, probeTimes: true)
        }
        let order = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]
        conditions.sort { (order.firstIndex(of: $0["type"]?.stringValue ?? "") ?? 9) < (order.firstIndex(of: $1["type"]?.stringValue ?? "") ?? 9) }
        status["conditions"] = .array(conditions)
        status["hostIP"] = .string(runtime.hostIP)
        status["hostIPs"] = [["ip": .string(runtime.hostIP)]]
        status["podIP"] = .string(runtime.ip)
        status["podIPs"] = [["ip": .string(runtime.ip)]]
        status["startTime"] = SimObjects.time(start)
        if status["qosClass"] == nil { status["qosClass"] = .string(Defaulting.qosClass(pod["spec"] ?? .null)) }
        status["containerStatuses"] = .array(containers.map { container in
            var entry: [String: JSONValue] = [
                "name": .string(container.name), "image": .string(container.image), "imageID": .string(container.imageID),
                "ready": .bool(container.ready), "restartCount": .int(Int64(container.restarts)),
                "started": .bool(Self.isRunningStage(container.stage)),
                "state": containerState(container, pod: pod), "lastState": container.lastState,
            ]
            if let id = container.containerID { entry["containerID"] = .string(id) }
            return .object(entry)
        })
        if !runtime.initContainers.isEmpty {
            status["initContainerStatuses"] = .array(runtime.initContainers.map { spec in
                let image = spec["image"]?.stringValue ?? ""
                return [
                    "name": spec["name"] ?? "", "image": .string(image), "imageID": .string(Self.imageID(image)),
                    "ready": true, "restartCount": 0, "started": false,
                    "state": ["terminated": ["exitCode": 0, "reason": "Completed", "startedAt": SimObjects.time(start), "finishedAt": SimObjects.time(start)]],
                    "lastState": .object([:]),
                ]
            })
        }
        return .object(status)
    }
}
