/// A typed model of one Kubernetes kind: knows its apiVersion and kind, and has metadata.
public protocol KubeResourceModel: Codable, Sendable {
    static var apiVersion: String { get }
    static var kind: String { get }
    var metadata: ObjectMeta { get set }
}

extension KubeResourceModel {
    public var name: String { metadata.name ?? "" }
    public var namespace: String? { metadata.namespace }
    public var uid: String? { metadata.uid }
    public var labels: [String: String] { metadata.labels ?? [:] }
    public var annotations: [String: String] { metadata.annotations ?? [:] }
}
