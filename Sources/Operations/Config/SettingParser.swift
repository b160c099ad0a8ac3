import Foundation

/// Turns one raw value into the typed value its setting's kind asks for, or a message saying what
/// was wrong and what a valid value looks like.
enum SettingParser {
    static func duration(_ text: String) -> TimeInterval? {
        let text = text.trimmingCharacters(in: .whitespaces)
        var total: TimeInterval = 0
        var digits = ""
        var index = text.startIndex
        guard !text.isEmpty else { return nil }
        while index < text.endIndex {
            let character = text[index]
            if character.isNumber || character == "." {
                digits.append(character)
                index = text.index(after: index)
                continue
            }
            guard let value = Double(digits) else { return nil }
            let rest = text[index...]
            let (unit, length): (Double, Int)
            if rest.hasPrefix("ms") {
                (unit, length) = (0.001, 2)
            } else {
                switch character {
                case "s": (unit, length) = (1, 1)
                case "m": (unit, length) = (60, 1)
                case "h": (unit, length) = (3600, 1)
                case "d": (unit, length) = (86400, 1)
                default: return nil
                }
            }
            total += value * unit
            digits = ""
            index = text.index(index, offsetBy: length)
        }
        guard digits.isEmpty, total > 0 else { return nil }
        return total
    }

    static func bool(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: return nil
        }
    }

    /// A DNS-1123 label: what Kubernetes accepts as a namespace or object name here.
    static func isName(_ text: String) -> Bool {
        guard (1...63).contains(text.count), let first = text.first, let last = text.last,
            first.isLetter || first.isNumber, last.isLetter || last.isNumber
        else { return false }
        return text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    /// A namespace glob: a namespace name with `*` and `?` wildcards.
    static func isGlob(_ text: String) -> Bool {
        guard (1...63).contains(text.count) else { return false }
        return text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || "-*?".contains($0) }
    }

    static func url(_ text: String) -> URL? {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host != nil
        else { return nil }
        return url
    }

    /// Checks the value against its setting's kind; nil when valid, else what is wrong.
    static func problem(_ setting: RunSetting, _ value: ConfigValue) -> String? {
        switch setting.kind {
        case .globs:
            let items = value.items
            if items.isEmpty { return "needs at least one namespace glob, e.g. kars-*" }
            if let bad = items.first(where: { !isGlob($0) }) {
                return
                    "\"\(bad)\" is not a namespace glob: use lowercase letters, digits, '-', '*' and '?' (at most 63 characters), e.g. kars-*"
            }
            return nil
        case .integers:
            if let bad = value.items.first(where: { Int64($0) == nil }) {
                return "\"\(bad)\" is not a numeric ID (a list of numbers, e.g. 12345,67890)"
            }
            return nil
        default:
            guard case .scalar(let text) = value else { return "takes one value, not a list" }
            switch setting.kind {
            case .string:
                return text.isEmpty ? "must not be empty" : nil
            case .name:
                return isName(text)
                    ? nil
                    : "\"\(text)\" is not a valid Kubernetes name: lowercase letters, digits and '-', at most 63 characters"
            case .bool:
                return bool(text) == nil ? "\"\(text)\" is not a boolean: use true or false" : nil
            case .integer(let range):
                guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
                    return "\"\(text)\" is not a whole number"
                }
                return range.contains(number)
                    ? nil : "\(number) is out of range: use \(range.lowerBound)...\(range.upperBound)"
            case .duration:
                return duration(text) == nil
                    ? "\"\(text)\" is not a duration: use a positive number with ms, s, m, h or d, e.g. 30s, 5m, 1h30m"
                    : nil
            case .choice(let choices):
                return choices.contains(text) ? nil : "\"\(text)\" is not one of: \(choices.joined(separator: ", "))"
            case .url:
                return url(text) == nil ? "\"\(text)\" is not an http(s) URL with a host" : nil
            case .secretFile:
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: text, isDirectory: &isDirectory), !isDirectory.boolValue
                else {
                    return "the secret file \(text) does not exist: mount the Secret there, or remove the setting"
                }
                guard let data = FileManager.default.contents(atPath: text) else {
                    return "the secret file \(text) cannot be read: check the mount's permissions (defaultMode)"
                }
                if String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    return "the secret file \(text) is empty: check the Secret's key"
                }
                return nil
            case .globs, .integers:
                return nil
            }
        }
    }
}
