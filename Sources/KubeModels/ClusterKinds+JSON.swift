import Foundation

// Hand-written tree readers for Services, Nodes and Namespaces (see JSONTreeReading.swift): one
// Service per workload, and every pod's node and namespace.

extension Service: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(metadata: try fields.requiredModel("metadata"), spec: try fields.model("spec"))
        apiVersion = try fields.string("apiVersion")
        kind = try fields.string("kind")
    }

    /// Reads a Service straight from its JSON tree, equal to decoding it with `Codable`; nil when
    /// the tree has anything the Codable path would reject (decode that way for the error).
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

extension Service.Spec: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(type: try fields.string("type"), selector: try fields.stringMap("selector"), ports: try fields.models("ports"))
        clusterIP = try fields.string("clusterIP")
        externalName = try fields.string("externalName")
    }
}

extension Service.Port: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(name: try fields.string("name"), port: try fields.requiredInt("port"), targetPort: try fields.model("targetPort"))
        `protocol` = try fields.string("protocol")
        nodePort = try fields.int("nodePort")
    }
}

extension Node: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(metadata: try fields.requiredModel("metadata"), spec: try fields.model("spec"), status: try fields.model("status"))
        apiVersion = try fields.string("apiVersion")
        kind = try fields.string("kind")
    }

    /// Reads a Node straight from its JSON tree, equal to decoding it with `Codable`; nil when the
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

extension Node.Spec: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(unschedulable: try fields.bool("unschedulable"), taints: try fields.models("taints"))
        podCIDR = try fields.string("podCIDR")
        providerID = try fields.string("providerID")
    }
}

extension Node.Status: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(
            capacity: try fields.quantities("capacity"), allocatable: try fields.quantities("allocatable"),
            conditions: try fields.models("conditions"))
        addresses = try fields.models("addresses")
        nodeInfo = fields.json("nodeInfo")
    }
}

extension Node.Address: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(type: try fields.requiredString("type"), address: try fields.requiredString("address"))
    }
}

extension Taint: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(key: try fields.requiredString("key"), value: try fields.string("value"), effect: try fields.requiredString("effect"))
        timeAdded = try fields.date("timeAdded")
    }
}

extension Namespace: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(metadata: try fields.requiredModel("metadata"))
        apiVersion = try fields.string("apiVersion")
        kind = try fields.string("kind")
        spec = try fields.model("spec")
        status = try fields.model("status")
    }

    /// Reads a Namespace straight from its JSON tree, equal to decoding it with `Codable`; nil
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

extension Namespace.Spec: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(finalizers: try fields.strings("finalizers"))
    }
}

extension Namespace.Status: JSONTreeReadable {
    init<Node: JSONNodeReading>(tree: Node) throws(JSONTreeMismatch) {
        let fields = try JSONFields(tree)
        self.init(phase: try fields.string("phase"), conditions: try fields.models("conditions"))
    }
}
