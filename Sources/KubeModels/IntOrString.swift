/// `intstr.IntOrString`: ports (`targetPort: 8080` or `targetPort: http`) and rollout budgets
/// (`maxSurge: 25%`).
public enum IntOrString: Codable, Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case string(String)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .int(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        }
    }

    public var description: String {
        switch self {
        case .int(let number): return String(number)
        case .string(let text): return text
        }
    }

    /// Resolves a count or a percentage of `total` (rounding up when `roundUp`, as maxSurge does).
    public func scaled(total: Int, roundUp: Bool) -> Int {
        switch self {
        case .int(let number): return number
        case .string(let text):
            guard text.hasSuffix("%"), let percent = Int(text.dropLast()) else { return Int(text) ?? 0 }
            let exact = Double(total * percent) / 100
            return Int(roundUp ? exact.rounded(.up) : exact.rounded(.down))
        }
    }
}
