import Foundation

/// Parses and formats the RFC 3339 timestamps of the Kubernetes API (`metav1.Time` with second
/// precision and `metav1.MicroTime` with fractional seconds).
public enum KubeTime {
    /// Parses `2026-11-28T09:56:00Z`, `2026-11-28T09:56:00.123456Z` or an offset form.
    public static func parse(_ text: String) -> Date? {
        guard text.utf8.count >= 20 else { return nil }
        if let date = text.utf8.withContiguousStorageIfAvailable({ parse(bytes: $0) }) { return date }
        return Array(text.utf8).withUnsafeBufferPointer { parse(bytes: $0) }
    }

    /// `parse(_:)` for the UTF-8 bytes of the text, without making a String.
    package static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Date? { parse(bytes: bytes) }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count >= 20 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for index in from..<(from + count) {
                let byte = bytes[index]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), bytes[4] == 45, let month = number(5, 2), bytes[7] == 45,
            let day = number(8, 2), bytes[10] == 84 || bytes[10] == 116 || bytes[10] == 32,
            let hour = number(11, 2), bytes[13] == 58, let minute = number(14, 2), bytes[16] == 58,
            let second = number(17, 2)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == 46 {
            index += 1
            var scale = 0.1
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        guard index < bytes.count else { return nil }
        var offsetSeconds = 0
        switch bytes[index] {
        case 90, 122: // Z z
            guard index == bytes.count - 1 else { return nil }
        case 43, 45: // + -
            guard bytes.count - index == 6, let offsetHour = number(index + 1, 2), bytes[index + 3] == 58,
                let offsetMinute = number(index + 4, 2)
            else { return nil }
            offsetSeconds = (offsetHour * 3600 + offsetMinute * 60) * (bytes[index] == 45 ? -1 : 1)
        default:
            return nil
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// Formats with second precision, as `metav1.Time` does.
    public static func format(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        return civil(total) + "Z"
    }

    /// Formats with microsecond precision, as `metav1.MicroTime` does.
    public static func formatMicro(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        let total = Int(interval.rounded(.down))
        let micros = Int(((interval - Double(total)) * 1_000_000).rounded(.down))
        let fraction = String(micros).leftPadded(to: 6)
        return civil(total) + "." + fraction + "Z"
    }

    private static func civil(_ total: Int) -> String {
        let days = Int((Double(total) / 86400).rounded(.down))
        let secondsOfDay = total - days * 86400
        let (year, month, day) = civilFromDays(days)
        return String(year).leftPadded(to: 4) + "-" + String(month).leftPadded(to: 2) + "-"
            + String(day).leftPadded(to: 2) + "T" + String(secondsOfDay / 3600).leftPadded(to: 2) + ":"
            + String(secondsOfDay % 3600 / 60).leftPadded(to: 2) + ":" + String(secondsOfDay % 60).leftPadded(to: 2)
    }

    // Howard Hinnant's days-from-civil algorithm (proleptic Gregorian calendar).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let shifted = days + 719468
        let era = (shifted >= 0 ? shifted : shifted - 146096) / 146097
        let dayOfEra = shifted - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
