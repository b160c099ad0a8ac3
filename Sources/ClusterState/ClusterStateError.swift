/// Why a cluster state could not be built; each case names the file or object at fault.
public enum ClusterStateError: Error, Sendable, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case notKubernetesJSON(path: String, reason: String)
    case undecodable(object: String, detail: String)
    case emptyDirectory(path: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read snapshot \(path): \(reason)"
        case .notKubernetesJSON(let path, let reason):
            return "\(path) is not Kubernetes JSON (\(reason)); expected the output of `kubectl get ... -o json`: a List, or a single object"
        case .undecodable(let object, let detail): return "cannot decode \(object): \(detail)"
        case .emptyDirectory(let path): return "snapshot directory \(path) holds no .json files"
        }
    }
}
