import Foundation

// Hand-written tree readers for Pod and its parts (see JSONTreeReading.swift): pods are the bulk
// of a cluster's typed objects.

extension Pod: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(metadata: try fields.requiredModel("metadata"), spec: try fields.model("spec"), status: try fields.model("status"))
        apiVersion = try fields.string("apiVersion")
        kind = try fields.string("kind")
    }

    /// Reads a pod straight from its JSON tree, equal to decoding it with `Codable`; nil when the
    /// tree has anything the Codable path would reject (decode that way for the error).
    public init?(json: JSONValue) {
        do throws(JSONTreeMismatch) {
            try self.init(tree: json)
        } catch {
            return nil
        }
    }

    /// As `init?(json:)`, for a value read straight from the bytes.
    package init?(tape: JSONTapeNode) {
        do throws(JSONTreeMismatch) { try self.init(tree: tape) } catch { return nil }
    }
}

extension PodSpec: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(containers: try fields.requiredModels("containers"))
        initContainers = try fields.models("initContainers")
        nodeName = try fields.string("nodeName")
        nodeSelector = try fields.stringMap("nodeSelector")
        tolerations = try fields.models("tolerations")
        volumes = try fields.models("volumes")
        restartPolicy = try fields.string("restartPolicy")
        terminationGracePeriodSeconds = try fields.int64("terminationGracePeriodSeconds")
        serviceAccountName = try fields.string("serviceAccountName")
        priorityClassName = try fields.string("priorityClassName")
        schedulerName = try fields.string("schedulerName")
        affinity = fields.json("affinity")
    }
}

extension Container: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(name: try fields.requiredString("name"), image: try fields.string("image"))
        command = try fields.strings("command")
        args = try fields.strings("args")
        ports = try fields.models("ports")
        resources = try fields.model("resources")
        readinessProbe = fields.json("readinessProbe")
        livenessProbe = fields.json("livenessProbe")
        startupProbe = fields.json("startupProbe")
        envFrom = try fields.models("envFrom")
        volumeMounts = try fields.models("volumeMounts")
        imagePullPolicy = try fields.string("imagePullPolicy")
    }
}

extension ContainerPort: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(name: try fields.string("name"), containerPort: try fields.requiredInt("containerPort"), protocol: try fields.string("protocol"))
    }
}

extension ResourceRequirements: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(requests: try fields.quantities("requests"), limits: try fields.quantities("limits"))
    }
}

extension EnvFromSource: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(configMapRef: try fields.model("configMapRef"), secretRef: try fields.model("secretRef"))
    }
}

extension NamedReference: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(name: try fields.string("name"), optional: try fields.bool("optional"))
    }
}

extension VolumeMount: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(name: try fields.requiredString("name"), mountPath: try fields.string("mountPath"), readOnly: try fields.bool("readOnly"))
    }
}

extension Volume: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(
            name: try fields.requiredString("name"), persistentVolumeClaim: try fields.model("persistentVolumeClaim"),
            configMap: try fields.model("configMap"), secret: try fields.model("secret"))
    }
}

extension Volume.ClaimSource: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(claimName: try fields.requiredString("claimName"), readOnly: try fields.bool("readOnly"))
    }
}

extension Volume.ConfigMapVolumeSource: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(name: try fields.string("name"), optional: try fields.bool("optional"))
    }
}

extension Volume.SecretVolumeSource: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(secretName: try fields.string("secretName"), optional: try fields.bool("optional"))
    }
}

extension Toleration: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(
            key: try fields.string("key"), operator: try fields.string("operator"), value: try fields.string("value"),
            effect: try fields.string("effect"))
        tolerationSeconds = try fields.int64("tolerationSeconds")
    }
}

extension PodStatus: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(phase: try fields.string("phase"))
        conditions = try fields.models("conditions")
        containerStatuses = try fields.models("containerStatuses")
        initContainerStatuses = try fields.models("initContainerStatuses")
        startTime = try fields.date("startTime")
        reason = try fields.string("reason")
        message = try fields.string("message")
        hostIP = try fields.string("hostIP")
        podIP = try fields.string("podIP")
        nominatedNodeName = try fields.string("nominatedNodeName")
        qosClass = try fields.string("qosClass")
    }
}

extension ContainerStatus: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(
            name: try fields.requiredString("name"), image: try fields.string("image"), ready: try fields.bool("ready"),
            restartCount: try fields.int("restartCount"), state: try fields.model("state"))
        imageID = try fields.string("imageID")
        started = try fields.bool("started")
        lastState = try fields.model("lastState")
    }
}

extension ContainerState: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(waiting: try fields.model("waiting"), running: try fields.model("running"), terminated: try fields.model("terminated"))
    }
}

extension ContainerState.Waiting: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(reason: try fields.string("reason"), message: try fields.string("message"))
    }
}

extension ContainerState.Running: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(startedAt: try fields.date("startedAt"))
    }
}

extension ContainerState.Terminated: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(
            exitCode: try fields.int("exitCode"), reason: try fields.string("reason"), message: try fields.string("message"),
            startedAt: try fields.date("startedAt"), finishedAt: try fields.date("finishedAt"))
        signal = try fields.int("signal")
    }
}
