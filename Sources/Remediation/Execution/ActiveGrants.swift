/// The one-shot grants this process is using right now, so the periodic sweep never deletes a
/// grant out from under a running execution.
public actor ActiveGrants {
    private var keys: Set<String> = []

    public init() {}

    public func insert(_ key: String) { keys.insert(key) }
    public func remove(_ key: String) { keys.remove(key) }
    public func contains(_ key: String) -> Bool { keys.contains(key) }
    public var all: Set<String> { keys }
}
