import PumpCore
import PumpHardware

extension ProfileDecoder {
    /// Bounds of the `[alarm_outputs]` durations, in seconds. high: IEC 60601-1-8's inter-burst
    /// interval for high priority (2.5–15 s), from the first whole second above the 3.4 s burst;
    /// medium and low: from 10 s and 1 min up to a day; a silence at most 2 minutes (the Generic
    /// Infusion Pump requirement 3.2.1); an acknowledgement's pause of a lasting critical alarm's
    /// sound from 1 minute to an hour.
    static let reAlertHighRange: ClosedRange<Int64> = 4...15
    static let reAlertMediumRange: ClosedRange<Int64> = 10...86_400
    static let reAlertLowRange: ClosedRange<Int64> = 60...86_400
    static let maxSilenceRange: ClosedRange<Int64> = 1...120
    static let acknowledgePauseRange: ClosedRange<Int64> = 60...3_600

    /// `[alarm_outputs]`, optional; line keys only on a GPIO rig (the simulated rig has its own).
    func decodeAlarmOutputs(_ reader: ProfileTableReader?, isGPIO: Bool?) -> AlarmOutputsProfile? {
        guard let reader else { return .defaults }
        let lines: Presence = .allowed(when: isGPIO, otherwise: "a simulated rig has its own simulated buzzer, lamps and sense")
        let buzzer = line(reader, "buzzer_line", lines, .output)
        let red = line(reader, "red_led_line", lines, .output)
        let yellow = line(reader, "yellow_led_line", lines, .output)
        let sense = line(reader, "buzzer_sense_line", lines, .input)
        if sense != nil, buzzer == nil, let entry = reader.table.entry(named: "buzzer_sense_line") {
            report(.invalidValue, reader.keyPath("buzzer_sense_line"), at: entry.keyLocation, "a buzzer sense line needs a buzzer_line to sense")
        }
        let defaults = AnnunciationSettings()
        let high = duration(reader, "realert_high", in: Self.reAlertHighRange)
        let medium = duration(reader, "realert_medium", in: Self.reAlertMediumRange)
        let low = duration(reader, "realert_low", in: Self.reAlertLowRange)
        let silence = duration(reader, "max_silence", in: Self.maxSilenceRange)
        let pause = duration(reader, "acknowledge_pause", in: Self.acknowledgePauseRange)
        let keys = [
            "buzzer_line", "red_led_line", "yellow_led_line", "buzzer_sense_line", "realert_high", "realert_medium", "realert_low", "max_silence",
            "acknowledge_pause",
        ]
        for key in keys where reader.contains(key) {
            // Every given key must have been read well (a line on a simulated rig, a bad duration).
            let ok: Bool =
                switch key {
                case "buzzer_line": buzzer != nil
                case "red_led_line": red != nil
                case "yellow_led_line": yellow != nil
                case "buzzer_sense_line": sense != nil && buzzer != nil
                case "realert_high": high != nil
                case "realert_medium": medium != nil
                case "realert_low": low != nil
                case "acknowledge_pause": pause != nil
                default: silence != nil
                }
            if !ok { return nil }
        }
        return AlarmOutputsProfile(
            buzzer: buzzer, redLamp: red, yellowLamp: yellow, buzzerSense: sense,
            timing: AnnunciationSettings(
                reAlertHigh: high ?? defaults.reAlertHigh, reAlertMedium: medium ?? defaults.reAlertMedium, reAlertLow: low ?? defaults.reAlertLow,
                maxSilence: silence ?? defaults.maxSilence, acknowledgePause: pause ?? defaults.acknowledgePause))
    }

    /// An optional duration string in the notation's grammar ("10s", "1h", "2 min"), whole seconds
    /// within `range`.
    private func duration(_ reader: ProfileTableReader, _ key: String, in range: ClosedRange<Int64>) -> TimeSpan? {
        guard let field = reader.string(key, .optional) else { return nil }
        let seconds: Int64
        do { seconds = try QuantityParser.duration(field.value) } catch {
            report(.invalidValue, field.keyPath, at: field.location, "\(error)")
            return nil
        }
        guard range.contains(seconds) else {
            report(.invalidValue, field.keyPath, at: field.location,
                   "\(TimeSpan.seconds(seconds).readable) is out of range: \(TimeSpan.seconds(range.lowerBound).readable) to \(TimeSpan.seconds(range.upperBound).readable)")
            return nil
        }
        return .seconds(seconds)
    }
}
