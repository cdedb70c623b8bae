import PumpCore

/// A bench rig and a baclofen program with round numbers, for session tests.
enum SessionFixtures {
    static let origin = TherapyScenario.origin
    static let baclofen2000 = Drug(name: "baclofen", concentration: .microgramsPerMillilitre(2000))

    static let rig = RigConfiguration(
        stepVolume: .nanolitres(250), maximumRate: .millilitresPerHour(10), maximumStepsPerSecond: 100,
        minimumRate: .microlitresPerDay(10), deadVolume: .microlitres(200), primingRate: .millilitresPerHour(1),
        reservoirCapacity: .millilitres(40), emptyThreshold: .microlitres(500),
        refillDiscrepancyTolerance: .microlitres(500))

    static let battery = BatteryThresholds(electiveReplacementMillivolts: 3300, endOfServiceMillivolts: 3000)

    /// 500 µg/day continuous at 2000 µg/mL: 250 µL/day, one 250 nL step every 86.4 s.
    static func prescription(
        dailyDose: Int64 = 500, drug: Drug = baclofen2000, patient: PatientBolusPolicy? = nil
    ) -> Prescription {
        Prescription(
            drug: drug, basal: .continuous(.microgramsPerDay(dailyDose)), patientBolus: patient,
            limits: DoseLimits(maximumDailyDose: .micrograms(1000), maximumHourlyDose: .micrograms(100), maximumBolus: .micrograms(50)),
            lowReservoirAlarm: .millilitres(2))
    }

    static func session(fill volume: Volume = .millilitres(20), pathPrimed: Bool = true) -> TherapySession {
        TherapySession(
            rig: rig, fill: ReservoirFill(volume: volume, drug: baclofen2000, filledAt: origin.wall, position: 0),
            pathPrimed: pathPrimed, battery: battery, clock: origin)
    }

    static func at(_ span: TimeSpan) -> ClockReading { origin.advanced(by: span) }
}

extension TherapySession {
    /// Grants every step due up to `end` (each at its due instant) and returns how many moved.
    @discardableResult
    mutating func runSteps(until end: ClockReading) -> Int {
        var steps = 0
        while case .due(let due) = nextStep(), due <= end.monotonic {
            // Each step is read on the session's own clock mapping, so a wall-clock step a test
            // made earlier is kept.
            let reading = clock.advanced(by: max(due, clock.monotonic) - clock.monotonic)
            guard (try? commandStep(at: reading)) != nil else { break }
            steps += 1
        }
        tick(at: end)
        return steps
    }

    /// Every event since the last call, as kinds.
    mutating func eventKinds() -> [TherapyEvent.Kind] { takeEvents().map(\.kind) }
}
