/// Token counts for people: 2000000 → 2,000,000, the same whatever the locale, in the CLI's
/// budget messages and on the console's chat page.
public enum GroupedNumber {
    public static func format(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }
}
