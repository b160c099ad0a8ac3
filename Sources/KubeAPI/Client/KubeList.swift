import KubeModels

/// The result of a LIST: the items plus the list's metadata (resourceVersion to watch from,
/// `continue` token for the next page).
public struct KubeList<Item: Sendable>: Sendable {
    public var items: [Item]
    public var metadata: ListMeta

    public init(items: [Item], metadata: ListMeta) {
        self.items = items
        self.metadata = metadata
    }

    public var resourceVersion: String? { metadata.resourceVersion }
    /// The token for the next page, nil on the last page.
    public var continueToken: String? { metadata.continue.flatMap { $0.isEmpty ? nil : $0 } }
}

extension KubeList: Equatable where Item: Equatable {}
