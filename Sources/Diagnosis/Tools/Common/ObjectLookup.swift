import ClusterState
import KubeModels

/// Finds the object a user names (`KIND/NAME` or `KIND NAME`, with or without a namespace).
public enum ObjectLookup {
    /// Splits `KIND/NAME` or the two words `KIND NAME`.
    public static func parse(_ arguments: [String]) throws(ToolError) -> (kind: String, name: String) {
        let words = arguments.filter { !$0.isEmpty }
        if words.count == 1, let slash = words[0].firstIndex(of: "/") {
            let kind = String(words[0][..<slash])
            let name = String(words[0][words[0].index(after: slash)...])
            if !kind.isEmpty, !name.isEmpty, !name.contains("/") { return (kind, name) }
        } else if words.count == 2, !words[0].contains("/"), !words[1].contains("/") {
            return (words[0], words[1])
        }
        throw .usage("name the object as KIND/NAME or KIND NAME, e.g. deployment/web or pod web-5d8f7-x2x7k")
    }

    /// The object of that kind and name; with `namespace` nil, searched in every namespace.
    public static func find(kind kindText: String, name: String, namespace: String?, in state: ClusterState) throws(ToolError) -> KubeObject {
        let knownKinds = Set(state.objects.map(\.kind))
        guard let kind = KindNames.resolve(kindText, known: knownKinds) else {
            throw .notFound("unknown kind \"\(TerminalText.clean(kindText))\"; kinds in this cluster view: \(knownKinds.sorted().joined(separator: ", "))")
        }
        if KindNames.clusterScoped.contains(kind) {
            if let object = state.object(ObjectKey(kind: kind, namespace: nil, name: name)) { return object }
            throw .notFound("\(kind) \(name) not found")
        }
        let candidates = state.objects.filter { $0.kind == kind && $0.name == name && !isEvent($0) }
        if let namespace {
            if let object = candidates.first(where: { $0.namespace == namespace }) { return object }
            let elsewhere = candidates.compactMap(\.namespace).sorted()
            let hint = elsewhere.isEmpty ? "" : "; it exists in namespace \(elsewhere.joined(separator: ", ")) (use -n \(elsewhere[0]))"
            throw .notFound("\(kind) \(name) not found in namespace \(namespace)\(hint)")
        }
        switch candidates.count {
        case 0: throw .notFound("\(kind) \(name) not found in any namespace")
        case 1: return candidates[0]
        default:
            let namespaces = candidates.compactMap(\.namespace).sorted()
            throw .ambiguous("\(kind) \(name) exists in several namespaces (\(namespaces.joined(separator: ", "))): pass -n NAMESPACE")
        }
    }

    static func isEvent(_ object: KubeObject) -> Bool {
        object.kind == "Event" && (object.apiVersion == "v1" || object.apiVersion == "events.k8s.io/v1")
    }
}
