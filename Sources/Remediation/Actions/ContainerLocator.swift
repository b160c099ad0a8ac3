import KubeModels

/// Where a named container sits in a workload's pod template (`containers` or `initContainers`),
/// as JSON-pointer paths for conditional patches.
struct ContainerLocator: Sendable, Hashable {
    var list: String
    var index: Int
    var image: String?

    /// Finds `container` in the object's `spec.template.spec`.
    init?(_ container: String, in object: JSONValue) {
        for list in ["containers", "initContainers"] {
            let items = object[path: "spec", "template", "spec", list]?.arrayValue ?? []
            if let index = items.firstIndex(where: { $0["name"]?.stringValue == container }) {
                self.list = list
                self.index = index
                self.image = items[index]["image"]?.stringValue
                return
            }
        }
        return nil
    }

    var basePath: String { "/spec/template/spec/\(list)/\(index)" }

    /// A JSON patch that sets the image only if the container is still there with `before`.
    func conditionalImagePatch(container: String, before: String, after: String) -> JSONValue {
        [
            ["op": "test", "path": .string(basePath + "/name"), "value": .string(container)],
            ["op": "test", "path": .string(basePath + "/image"), "value": .string(before)],
            ["op": "replace", "path": .string(basePath + "/image"), "value": .string(after)],
        ]
    }
}
