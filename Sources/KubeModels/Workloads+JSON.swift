import Foundation

// Hand-written tree readers for Deployments and ReplicaSets (see JSONTreeReading.swift): after
// pods, the most numerous typed objects (old ReplicaSets are kept for rollback).

extension PodTemplateSpec: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(metadata: try fields.model("metadata"), spec: try fields.model("spec"))
    }
}

extension Deployment: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(metadata: try fields.requiredModel("metadata"), spec: try fields.model("spec"), status: try fields.model("status"))
        apiVersion = try fields.string("apiVersion")
        kind = try fields.string("kind")
    }

    /// Reads a Deployment straight from its JSON tree, equal to decoding it with `Codable`; nil
    /// when the tree has anything the Codable path would reject (decode that way for the error).
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

extension Deployment.Spec: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(replicas: try fields.int("replicas"), selector: try fields.model("selector"), template: try fields.model("template"))
        strategy = try fields.model("strategy")
        minReadySeconds = try fields.int("minReadySeconds")
        revisionHistoryLimit = try fields.int("revisionHistoryLimit")
        progressDeadlineSeconds = try fields.int("progressDeadlineSeconds")
        paused = try fields.bool("paused")
    }
}

extension Deployment.Strategy: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(type: try fields.string("type"), rollingUpdate: try fields.model("rollingUpdate"))
    }
}

extension Deployment.RollingUpdate: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(maxSurge: try fields.model("maxSurge"), maxUnavailable: try fields.model("maxUnavailable"))
    }
}

extension Deployment.Status: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init()
        observedGeneration = try fields.int64("observedGeneration")
        replicas = try fields.int("replicas")
        updatedReplicas = try fields.int("updatedReplicas")
        readyReplicas = try fields.int("readyReplicas")
        availableReplicas = try fields.int("availableReplicas")
        unavailableReplicas = try fields.int("unavailableReplicas")
        conditions = try fields.models("conditions")
        collisionCount = try fields.int("collisionCount")
    }
}

extension ReplicaSet: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(metadata: try fields.requiredModel("metadata"), spec: try fields.model("spec"), status: try fields.model("status"))
        apiVersion = try fields.string("apiVersion")
        kind = try fields.string("kind")
    }

    /// Reads a ReplicaSet straight from its JSON tree, equal to decoding it with `Codable`; nil
    /// when the tree has anything the Codable path would reject (decode that way for the error).
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

extension ReplicaSet.Spec: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(replicas: try fields.int("replicas"), selector: try fields.model("selector"), template: try fields.model("template"))
        minReadySeconds = try fields.int("minReadySeconds")
    }
}

extension ReplicaSet.Status: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init()
        replicas = try fields.int("replicas")
        fullyLabeledReplicas = try fields.int("fullyLabeledReplicas")
        readyReplicas = try fields.int("readyReplicas")
        availableReplicas = try fields.int("availableReplicas")
        observedGeneration = try fields.int64("observedGeneration")
        conditions = try fields.models("conditions")
    }
}
