public import PumpCore

/// The accuracy run's set rate as people write it, in the one unit grammar pumpd and pumpctl
/// share (`QuantityParser.volumeRate`): `0.25mL/day`, `0.25mL/d`, `10 mL/h`, `250uL/h`, `250µL/h`.
/// Exact: a value finer than 1 pL/day is refused, never rounded; and it must be above zero.
public enum RateArgument {
    /// Why the text is not a rate to run, in words that say what to write instead.
    public struct Invalid: Error, CustomStringConvertible {
        public var text: String
        public var description: String
    }

    public static func parse(_ text: String) throws(Invalid) -> VolumeRate {
        let picolitresPerDay: Int64
        do {
            picolitresPerDay = try QuantityParser.volumeRate(text)
        } catch {
            throw Invalid(text: text, description: error.description)
        }
        guard picolitresPerDay > 0 else {
            throw Invalid(text: text, description: "\"\(text)\" is no flow: the accuracy run needs a rate above zero, e.g. \(QuantityKind.volumeRate.example)")
        }
        return VolumeRate(picolitresPerDay: picolitresPerDay)
    }
}
