import Foundation
import Synchronization

/// A Kubernetes resource quantity (`100m`, `256Mi`, `1.5Gi`, `2k`, `1e3`), kept as an exact decimal
/// so that quota and request arithmetic never rounds.
public struct Quantity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The exact value in base units (cores, bytes, counts).
    public let value: Decimal
    /// The text as written, used for display.
    public let text: String

    private static let binarySuffixes: [String: Decimal] = [
        "Ki": 1024, "Mi": 1_048_576, "Gi": 1_073_741_824, "Ti": 1_099_511_627_776,
        "Pi": Decimal(string: "1125899906842624") ?? 0, "Ei": Decimal(string: "1152921504606846976") ?? 0,
    ]
    private static let decimalSuffixes: [String: Int] = [
        "n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18,
    ]

    /// Quantities already parsed, by text: a cluster writes the same few (`100m`, `128Mi`) on
    /// every pod, and parsing one through `Decimal(string:)` costs far more than a look-up.
    private static let parsed = Mutex<[String: Quantity]>([:])

    public init(_ text: String) throws {
        if let known = Self.parsed.withLock({ $0[text] }) {
            self = known
            return
        }
        try self.init(parsing: text)
        let value = self
        Self.parsed.withLock { cache in
            if cache.count < 4096 { cache[text] = value }
        }
    }

    private init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw KubeModelError.invalidQuantity(text) }
        var numberPart = Substring(trimmed)
        var multiplier: Decimal = 1
        var exponent = 0
        if let suffix = Self.binarySuffixes.keys.first(where: { trimmed.hasSuffix($0) }),
            let factor = Self.binarySuffixes[suffix]
        {
            numberPart = numberPart.dropLast(suffix.count)
            multiplier = factor
        } else if let eIndex = trimmed.lastIndex(where: { $0 == "e" || $0 == "E" }),
            eIndex != trimmed.startIndex,
            let power = Int(trimmed[trimmed.index(after: eIndex)...]),
            trimmed[trimmed.index(after: eIndex)...].allSatisfy({ $0.isNumber || $0 == "-" || $0 == "+" })
        {
            numberPart = trimmed[..<eIndex]
            exponent = power
        } else if let last = trimmed.last, let power = Self.decimalSuffixes[String(last)], last.isLetter {
            numberPart = numberPart.dropLast()
            exponent = power
        }
        guard Self.isDecimalNumber(numberPart),
            let number = Decimal(string: String(numberPart), locale: Locale(identifier: "en_US_POSIX"))
        else { throw KubeModelError.invalidQuantity(text) }
        var result = number * multiplier
        if exponent != 0 {
            // An exponent beyond what Decimal holds (e.g. "1e99999") is invalid, never a trap.
            guard let power = Int16(exactly: exponent) else { throw KubeModelError.invalidQuantity(text) }
            var scaled = Decimal()
            var source = result
            switch NSDecimalMultiplyByPowerOf10(&scaled, &source, power, .plain) {
            case .noError, .lossOfPrecision: result = scaled
            default: throw KubeModelError.invalidQuantity(text)
            }
        }
        self.value = result
        self.text = trimmed
    }

    /// `[+-]digits[.digits]` or `[+-].digits`, as the quantity grammar allows.
    private static func isDecimalNumber(_ text: Substring) -> Bool {
        var body = text
        if let first = body.first, first == "+" || first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard !body.isEmpty, parts.count <= 2, parts.contains(where: { !$0.isEmpty }) else { return false }
        return parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// A quantity from an exact value, rendered canonically (binary suffix for whole MiB/GiB, else plain).
    public init(value: Decimal, text: String? = nil) {
        self.value = value
        self.text = text ?? Self.canonical(value)
    }

    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.value < rhs.value }
    public static func == (lhs: Quantity, rhs: Quantity) -> Bool { lhs.value == rhs.value }
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }

    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(value: lhs.value + rhs.value) }
    public static func - (lhs: Quantity, rhs: Quantity) -> Quantity { Quantity(value: lhs.value - rhs.value) }

    public static let zero = Quantity(value: 0, text: "0")

    public var description: String { text }

    /// Value in milli-units (CPU millicores), rounded up as Kubernetes does.
    public var milliValue: Int64 {
        var scaled = value * 1000
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .up)
        return NSDecimalNumber(decimal: rounded).int64Value
    }

    private static func canonical(_ value: Decimal) -> String {
        if value == 0 { return "0" }
        for (suffix, factor) in [("Gi", Decimal(1_073_741_824)), ("Mi", 1_048_576), ("Ki", 1024)] {
            let quotient = value / factor
            if quotient >= 1, quotient == quotient.rounded() { return "\(quotient)\(suffix)" }
        }
        if value < 1 {
            let millis = value * 1000
            if millis == millis.rounded() { return "\(millis)m" }
        }
        return "\(value)"
    }
}

extension Decimal {
    fileprivate func rounded() -> Decimal {
        var source = self
        var result = Decimal()
        NSDecimalRound(&result, &source, 0, .plain)
        return result
    }
}

extension Quantity: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            try self.init(text)
        } else if let number = try? container.decode(Int64.self) {
            try self.init(String(number))
        } else {
            let number = try container.decode(Double.self)
            try self.init(String(number))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
