import KubeModels

/// Path access and mutation helpers on `JSONValue` that the store, patches and tables share.
extension JSONValue {
    /// The value at a path of object keys, or nil.
    func value(at path: [String]) -> JSONValue? {
        var current: JSONValue? = self
        for key in path { current = current?[key] }
        return current
    }

    /// Sets (or with nil removes) the value at a path of object keys, creating objects on the way.
    mutating func setValue(_ newValue: JSONValue?, at path: [String]) {
        guard let first = path.first else {
            if let newValue { self = newValue }
            return
        }
        guard case .object(var fields) = self else {
            if newValue == nil { return }
            self = .object([:])
            setValue(newValue, at: path)
            return
        }
        if path.count == 1 {
            fields[first] = newValue
        } else {
            var child = fields[first] ?? .object([:])
            if case .object = child {} else { child = .object([:]) }
            child.setValue(newValue, at: Array(path.dropFirst()))
            fields[first] = child
        }
        self = .object(fields)
    }

    var name: String { self[path: "metadata", "name"]?.stringValue ?? "" }
    var namespace: String { self[path: "metadata", "namespace"]?.stringValue ?? "" }
    var uid: String { self[path: "metadata", "uid"]?.stringValue ?? "" }
    var resourceVersionString: String { self[path: "metadata", "resourceVersion"]?.stringValue ?? "" }
    var kindString: String { self["kind"]?.stringValue ?? "" }
    var apiVersionString: String { self["apiVersion"]?.stringValue ?? "" }

    var labels: [String: String] { stringMap(at: ["metadata", "labels"]) }
    var annotations: [String: String] { stringMap(at: ["metadata", "annotations"]) }
    var finalizers: [String] {
        (self[path: "metadata", "finalizers"]?.arrayValue ?? []).compactMap(\.stringValue)
    }
    var hasDeletionTimestamp: Bool {
        if let value = self[path: "metadata", "deletionTimestamp"], !value.isNull { return true }
        return false
    }
    var ownerReferences: [JSONValue] { self[path: "metadata", "ownerReferences"]?.arrayValue ?? [] }

    func stringMap(at path: [String]) -> [String: String] {
        guard let fields = value(at: path)?.objectValue else { return [:] }
        var result: [String: String] = [:]
        for (key, value) in fields { result[key] = value.stringValue ?? value.scalarText }
        return result
    }

    /// Text of a scalar as Go's fmt would print it (for field selectors and table cells).
    var scalarText: String {
        switch self {
        case .null: return ""
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .double(let number):
            if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
            return String(number)
        case .string(let text): return text
        case .array, .object: return JSONWriter.string(self)
        }
    }

    /// Everything but metadata and status: the part whose change bumps `metadata.generation`.
    var specPart: JSONValue {
        guard case .object(var fields) = self else { return self }
        fields["metadata"] = nil
        fields["status"] = nil
        fields["apiVersion"] = nil
        fields["kind"] = nil
        return .object(fields)
    }
}
