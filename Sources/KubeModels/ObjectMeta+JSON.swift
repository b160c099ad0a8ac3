import Foundation

// Hand-written tree readers for the metadata types every model shares (see JSONTreeReading.swift).

extension ObjectMeta: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(
            name: try fields.string("name"), namespace: try fields.string("namespace"),
            labels: try fields.stringMap("labels"), annotations: try fields.stringMap("annotations"))
        generateName = try fields.string("generateName")
        uid = try fields.string("uid")
        resourceVersion = try fields.string("resourceVersion")
        generation = try fields.int64("generation")
        creationTimestamp = try fields.date("creationTimestamp")
        deletionTimestamp = try fields.date("deletionTimestamp")
        deletionGracePeriodSeconds = try fields.int64("deletionGracePeriodSeconds")
        ownerReferences = try fields.models("ownerReferences")
        finalizers = try fields.strings("finalizers")
    }
}

extension OwnerReference: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(
            apiVersion: try fields.requiredString("apiVersion"), kind: try fields.requiredString("kind"),
            name: try fields.requiredString("name"), uid: try fields.requiredString("uid"), controller: try fields.bool("controller"))
        blockOwnerDeletion = try fields.bool("blockOwnerDeletion")
    }
}

extension Condition: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(
            type: try fields.requiredString("type"), status: try fields.requiredString("status"), reason: try fields.string("reason"),
            message: try fields.string("message"), lastTransitionTime: try fields.date("lastTransitionTime"))
        lastUpdateTime = try fields.date("lastUpdateTime")
        lastHeartbeatTime = try fields.date("lastHeartbeatTime")
        lastProbeTime = try fields.date("lastProbeTime")
        observedGeneration = try fields.int64("observedGeneration")
    }
}

extension LabelSelector: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(matchLabels: try fields.stringMap("matchLabels"), matchExpressions: try fields.models("matchExpressions"))
    }
}

extension LabelSelectorRequirement: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        guard let op = Operator(rawValue: try fields.requiredString("operator")) else { throw JSONTreeMismatch() }
        self.init(key: try fields.requiredString("key"), operator: op, values: try fields.strings("values"))
    }
}
