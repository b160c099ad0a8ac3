import Foundation

/// A generic object with typed metadata and the rest dynamic: used for kinds without a model.
///
/// The raw object is kept either as a tree or, for objects read from a snapshot, as the bytes of
/// the object inside the file, parsed again only when `raw` is read: a snapshot's objects are
/// mostly read through their typed models, and a tree per object would cost several times the file.
public struct KubeObject: Codable, Sendable, Hashable {
    public var apiVersion: String
    public var kind: String
    public var metadata: ObjectMeta
    /// The whole object as received (metadata included), so nothing is lost on the way through.
    public var raw: JSONValue {
        get { storage.value }
        set { storage = .tree(newValue) }
    }

    private var storage: RawStorage

    /// Where the raw object lives: a tree, or JSON text that parsed without error once already.
    private enum RawStorage: Sendable {
        case tree(JSONValue)
        case text(Data)

        var value: JSONValue {
            switch self {
            case .tree(let value): return value
            case .text(let bytes): return (try? JSONParser.parse(bytes)) ?? .null
            }
        }
    }

    public init(raw: JSONValue) throws {
        guard let kind = raw["kind"]?.stringValue, let apiVersion = raw["apiVersion"]?.stringValue else {
            throw KubeModelError.notAKubernetesObject(reason: "missing apiVersion or kind")
        }
        self.apiVersion = apiVersion
        self.kind = kind
        let metadata = raw["metadata"] ?? .object([:])
        self.metadata = try (try? ObjectMeta(tree: metadata)) ?? metadata.decode(as: ObjectMeta.self)
        self.storage = .tree(raw)
    }

    /// `init(raw:)` for an object kept as its JSON text: `text` is the bytes `tree` was parsed from.
    package init(raw tree: JSONValue, text: Data) throws {
        try self.init(raw: tree)
        storage = .text(text)
    }

    /// An object whose metadata was already decoded (by its typed model), so it is not decoded twice.
    public init(raw: JSONValue, apiVersion: String, kind: String, metadata: ObjectMeta) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.storage = .tree(raw)
    }

    /// An object kept as its JSON text (bytes that `JSONParser` has already parsed into the tree
    /// the metadata came from); `raw` parses them on each read.
    package init(rawJSON bytes: Data, apiVersion: String, kind: String, metadata: ObjectMeta) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
        self.storage = .text(bytes)
    }

    private enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata }

    public init(from decoder: Decoder) throws {
        let raw = try JSONValue(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let kind = try container.decodeIfPresent(String.self, forKey: .kind),
            let apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion)
        else {
            throw KubeModelError.notAKubernetesObject(reason: "missing apiVersion or kind")
        }
        self.kind = kind
        self.apiVersion = apiVersion
        metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        storage = .tree(raw)
    }

    public func encode(to encoder: Encoder) throws {
        try raw.encode(to: encoder)
    }

    public static func == (lhs: KubeObject, rhs: KubeObject) -> Bool {
        guard lhs.apiVersion == rhs.apiVersion, lhs.kind == rhs.kind, lhs.metadata == rhs.metadata else { return false }
        if case .text(let left) = lhs.storage, case .text(let right) = rhs.storage, left == right { return true }
        return lhs.raw == rhs.raw
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(apiVersion)
        hasher.combine(kind)
        hasher.combine(metadata)
        hasher.combine(raw)
    }

    public var name: String { metadata.name ?? "" }
    public var namespace: String? { metadata.namespace }

    /// Decodes this object into one of the typed models.
    public func decode<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try raw.decode(as: type)
    }
}
