import Foundation
import PumpCore

/// A minimal real-time loop on the therapy session with a step counter for a motor: sleeps on
/// absolute CLOCK_MONOTONIC deadlines until the next step or status line.
final class SimulatedRigLoop {
    static let rig = RigConfiguration(
        stepVolume: .nanolitres(250), maximumRate: .millilitresPerHour(20), maximumStepsPerSecond: 1000,
        minimumRate: .microlitresPerDay(10), deadVolume: .microlitres(200), primingRate: .millilitresPerHour(1),
        reservoirCapacity: .millilitres(40), emptyThreshold: .microlitres(500))

    let timeScale: Int64
    let origin: ClockReading
    let realOrigin: Int64
    var session: TherapySession
    var steps: Int64 = 0

    init(timeScale: Int64, concentration: Concentration) {
        self.timeScale = timeScale
        realOrigin = Self.monotonicNow()
        origin = ClockReading(monotonic: MonotonicInstant(nanoseconds: realOrigin), wall: Self.wallNow())
        let drug = Drug(name: "baclofen", concentration: concentration)
        session = TherapySession(
            rig: Self.rig,
            fill: ReservoirFill(volume: .millilitres(40), drug: drug, filledAt: origin.wall, position: 0),
            pathPrimed: true,
            battery: BatteryThresholds(electiveReplacementMillivolts: 3300, endOfServiceMillivolts: 3000),
            clock: origin)
    }

    func program(dailyDose: MassRate) throws {
        let drug = session.fill.drug
        let prescription = Prescription(
            drug: drug, basal: .continuous(dailyDose),
            limits: DoseLimits(maximumDailyDose: dailyDose.mass(over: .day) + .micrograms(1),
                               maximumHourlyDose: dailyDose.mass(over: .hour) + .micrograms(1),
                               maximumBolus: .micrograms(100)),
            lowReservoirAlarm: .millilitres(2))
        try session.commit(prescription, at: now())
        for event in session.takeEvents() { report(event) }
    }

    /// Simulated time: origin plus real elapsed time times the scale.
    func now() -> ClockReading { origin.advanced(by: .nanoseconds((Self.monotonicNow() - realOrigin) * timeScale)) }

    /// The real CLOCK_MONOTONIC instant at which simulated `instant` arrives.
    func realDeadline(for instant: MonotonicInstant) -> Int64 {
        realOrigin + (instant.nanoseconds - origin.monotonic.nanoseconds) / timeScale
    }

    func run(statusEvery interval: TimeSpan, runFor: TimeSpan?, log: (String) -> Void) {
        let stopAt = runFor.map { Self.monotonicNow() + $0.nanoseconds } ?? .max
        var nextStatus = Self.monotonicNow()
        while !ShutdownSignal.requested.load(ordering: .relaxed), Self.monotonicNow() < stopAt {
            var wake = min(nextStatus, stopAt)
            switch session.nextStep() {
            case .due(let due): wake = min(wake, realDeadline(for: due))
            case .replanAt(let at): wake = min(wake, realDeadline(for: at))
            case .never: break
            }
            Self.sleep(untilMonotonic: wake)
            let reading = now()
            if case .due(let due) = session.nextStep(), due <= reading.monotonic {
                if (try? session.commandStep(at: reading)) != nil { steps += 1 }
            } else {
                session.tick(at: reading)
            }
            for event in session.takeEvents() { report(event, log: log) }
            if Self.monotonicNow() >= nextStatus {
                log(status())
                nextStatus += interval.nanoseconds
            }
        }
        session.stop(at: now())
        log(status())
    }

    func status() -> String {
        "pumpd: \(session.mode), rate \(session.currentRate), steps \(steps), "
            + "delivered \(session.ledger.deliveredMass), reservoir \(session.reservoirRemaining)"
    }

    func report(_ event: TherapyEvent, log: (String) -> Void = PumpDaemon.logLine) {
        log("pumpd: \(event.time): \(event.kind)")
    }

    static func monotonicNow() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    static func wallNow() -> CivilTime {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        var seconds = ts.tv_sec
        var local = tm()
        localtime_r(&seconds, &local)
        return CivilTime(unixNanoseconds: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec), utcOffsetSeconds: Int32(local.tm_gmtoff))
    }

    static func sleep(untilMonotonic deadline: Int64) {
        var ts = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil) == EINTR {
            if ShutdownSignal.requested.load(ordering: .relaxed) { return }
        }
    }
}

extension PumpDaemon {
    static func logLine(_ line: String) { log(line) }
}
