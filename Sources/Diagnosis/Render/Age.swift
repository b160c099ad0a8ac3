import Foundation

/// Ages and durations exactly as kubectl prints them (`HumanDuration` of apimachinery):
/// `45s`, `2m30s`, `12m`, `3h20m`, `20h`, `2d`, `3d4h`, `400d`, `2y10d`.
public enum Age {
    /// A duration in kubectl's short form; negative durations beyond clock skew read `<invalid>`.
    public static func format(_ interval: TimeInterval) -> String {
        let seconds = Int64(interval.rounded())
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = Int64(interval / 60)
        if minutes < 10 {
            let rest = Int64(interval) % 60
            return rest == 0 ? "\(minutes)m" : "\(minutes)m\(rest)s"
        }
        if minutes < 180 { return "\(minutes)m" }
        let hours = Int64(interval / 3600)
        if hours < 8 {
            let rest = minutes % 60
            return rest == 0 ? "\(hours)h" : "\(hours)h\(rest)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let rest = hours % 24
            return rest == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(rest)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let days = (hours / 24) % 365
            return days == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(days)d"
        }
        return "\(hours / 24 / 365)y"
    }

    /// The age of something that happened at `date`, seen at `now`; `<unknown>` without a date.
    public static func since(_ date: Date?, now: Date) -> String {
        guard let date else { return "<unknown>" }
        return format(now.timeIntervalSince(date))
    }
}
