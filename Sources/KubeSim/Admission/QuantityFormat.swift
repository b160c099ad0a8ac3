import Foundation
import KubeModels

/// A sum of quantities that remembers the format of its first term, so that quota messages print
/// `256Mi`, `300m` or `2` exactly as the real `resource.Quantity.String()` would.
struct QuantitySum: Sendable, Equatable {
    var value: Decimal = 0
    var binary: Bool?

    mutating func add(_ quantity: Quantity) {
        if binary == nil, quantity.value != 0 { binary = quantity.text.hasSuffix("i") }
        value += quantity.value
    }

    mutating func add(_ other: QuantitySum) {
        if binary == nil { binary = other.binary }
        value += other.value
    }

    var text: String { QuantityFormat.canonical(value, binary: binary ?? false) }
}

/// Canonical quantity text (binary `Ki`/`Mi`/`Gi` when whole, decimal `k`/`M`/`G`, milli `m`).
enum QuantityFormat {
    static func canonical(_ value: Decimal, binary: Bool) -> String {
        if value == 0 { return "0" }
        let isWhole = value == rounded(value)
        if binary, isWhole {
            var amount = value
            var index = 0
            let suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
            while index < suffixes.count - 1 {
                let next = amount / 1024
                if next != rounded(next) { break }
                amount = next
                index += 1
            }
            if index > 0 { return "\(amount)\(suffixes[index])" }
        }
        if isWhole {
            var amount = value
            var index = 0
            let suffixes = ["", "k", "M", "G", "T", "P", "E"]
            while index < suffixes.count - 1 {
                let next = amount / 1000
                if next != rounded(next) { break }
                amount = next
                index += 1
            }
            return "\(amount)\(suffixes[index])"
        }
        let millis = value * 1000
        if millis == rounded(millis) { return "\(millis)m" }
        let micros = value * 1_000_000
        if micros == rounded(micros) { return "\(micros)u" }
        return "\(rounded(value * 1_000_000_000))n"
    }

    private static func rounded(_ value: Decimal) -> Decimal {
        var source = value
        var result = Decimal()
        NSDecimalRound(&result, &source, 0, .plain)
        return result
    }
}
