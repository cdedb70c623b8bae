import PumpCore

// The parts of a prescription in readable units, for the report and the status lines.

extension Drug {
    /// `baclofen 2000 µg/mL`.
    var text: String { "\(name) \(QuantityFormatter.concentration(microgramsPerMillilitre: concentration.microgramsPerMillilitre))" }
}

extension DailySchedule {
    /// `00:00 400 µg/day, 08:00 600 µg/day`.
    var text: String {
        steps.map { "\($0.start) \(QuantityFormatter.doseRate(nanogramsPerDay: $0.rate.nanogramsPerDay))" }.joined(separator: ", ")
    }
}

extension PeriodicBolus {
    /// `50 µg over 10 min every 6 h, first after 1 h`.
    var text: String {
        "\(QuantityFormatter.mass(nanograms: dose.nanograms)) over \(QuantityFormatter.duration(duration)) "
            + "every \(QuantityFormatter.duration(interval)), first after \(QuantityFormatter.duration(firstStartDelay))"
    }
}

extension PatientBolusPolicy {
    /// `25 µg over 5 min, lockout 2 h, at most 4 a day`.
    var text: String {
        "\(QuantityFormatter.mass(nanograms: dose.nanograms)) over \(QuantityFormatter.duration(duration)), "
            + "lockout \(QuantityFormatter.duration(lockout)), at most \(maximumPerDay) a day"
    }
}
