import Foundation

/// Durations as kubectl prints ages: `45s`, `12m`, `3h20m`, `2d5h`.
public enum HumanDuration {
    public static func format(_ interval: TimeInterval) -> String {
        let seconds = max(0, Int(interval.rounded(.down)))
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 60 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 48 {
            let rest = minutes % 60
            return rest == 0 || hours >= 10 ? "\(hours)h" : "\(hours)h\(rest)m"
        }
        let days = hours / 24
        let restHours = hours % 24
        return days < 8 && restHours > 0 ? "\(days)d\(restHours)h" : "\(days)d"
    }
}
