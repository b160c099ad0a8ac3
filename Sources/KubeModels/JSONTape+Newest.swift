import Foundation

/// A set of object keys matched against the raw bytes of a `JSONTape` key, without making a String.
package struct JSONKeySet: Sendable {
    private let keys: [[UInt8]]

    package init(_ keys: some Sequence<String>) {
        self.keys = keys.map { Array($0.utf8) }
    }

    func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        keys.contains { key in
            key.count == bytes.count && key.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
        }
    }
}

extension JSONTape {
    /// See `JSONTapeView.newestTime(forKeys:)`.
    package func newestTime(forKeys keys: JSONKeySet) -> Date? { view.newestTime(forKeys: keys) }
}

extension JSONTapeView {
    /// The newest timestamp among the string members named by `keys`, at any depth: what walking
    /// the tree of `value(at: 0)` finds (a string member counts when its text is at least 20 bytes,
    /// starts with a digit and parses with `KubeTime.parse`). A member hidden by a later one of the
    /// same key counts for nothing, as in the tree.
    func newestTime(forKeys keys: JSONKeySet) -> Date? {
        count == 0 ? nil : newest(in: 0, keys: keys)
    }

    private func newest(in position: Int, keys: JSONKeySet) -> Date? {
        let container = entries[position]
        var best: Date?
        switch container.kind {
        case .object:
            var member = position + 1
            let end = Int(container.next)
            while member < end {
                let valuePosition = member + 1
                let nextMember = Int(entries[valuePosition].next)
                let candidate: Date?
                switch entries[valuePosition].kind {
                case .string: candidate = time(key: member, value: valuePosition, keys: keys)
                case .object, .array: candidate = newest(in: valuePosition, keys: keys)
                default: candidate = nil
                }
                if let candidate, best.map({ candidate > $0 }) ?? true, !isShadowed(member, before: end, from: nextMember) {
                    best = candidate
                }
                member = nextMember
            }
        case .array:
            var element = position + 1
            let end = Int(container.next)
            while element < end {
                if entries[element].kind == .object || entries[element].kind == .array,
                    let candidate = newest(in: element, keys: keys), best.map({ candidate > $0 }) ?? true
                {
                    best = candidate
                }
                element = Int(entries[element].next)
            }
        default:
            break
        }
        return best
    }

    /// The time of a string member when its key is one of `keys`.
    private func time(key: Int, value: Int, keys: JSONKeySet) -> Date? {
        let entry = entries[value]
        if entry.flag {
            let text = string(entry)
            guard text.utf8.count >= 20, let first = text.utf8.first, first >= 0x30, first <= 0x39,
                keys.contains(Array(string(entries[key]).utf8))
            else { return nil }
            return KubeTime.parse(text)
        }
        let text = raw(entry)
        guard text.count >= 20, text[0] >= 0x30, text[0] <= 0x39 else { return nil }
        let keyEntry = entries[key]
        let matches = keyEntry.flag ? keys.contains(Array(string(keyEntry).utf8)) : keys.contains(raw(keyEntry))
        guard matches else { return nil }
        return KubeTime.parse(utf8: text)
    }

    /// Whether a later member of the same object (from `member` up to `end`) has the key at `key`.
    private func isShadowed(_ key: Int, before end: Int, from member: Int) -> Bool {
        var member = member
        let text = string(entries[key])
        while member < end {
            if string(entries[member]) == text { return true }
            member = Int(entries[member + 1].next)
        }
        return false
    }
}

extension JSONKeySet {
    fileprivate func contains(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { contains($0) }
    }
}
