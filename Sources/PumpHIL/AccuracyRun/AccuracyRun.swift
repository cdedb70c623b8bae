import Foundation
public import PumpBalance
public import PumpCore
public import Varlink

/// The measurement behind a trumpet curve: programs pumpd for a constant rate and samples the
/// delivered volume at every time of the configuration's grid (0, 30 s, … 120 min).
///
/// On the simulated rig's virtual clock the harness moves time and reads the rig's truth (the
/// volume out of the tip, as a balance under the catheter would weigh it, or the pumped volume);
/// on a real clock it waits and weighs with a balance.
public final class AccuracyRun {
    public enum Measure: String, Sendable, CaseIterable {
        /// Volume out of the catheter tip (the simulated rig's truth).
        case tip
        /// Forward steps × the step volume (the simulated rig's truth).
        case pumped
    }

    /// Where the volumes come from.
    public enum Source {
        case simulated(Measure)
        /// A balance under the outlet, read on each sample; masses turn into volumes by the density.
        case balance(any BalanceLineSource, GravimetricConversion)
    }

    public let rate: VolumeRate
    public let configuration: TrumpetCurveConfiguration
    /// Progress lines for the terminal.
    public var progress: (String) -> Void = { _ in }
    private var connection: VarlinkConnection
    private let process: PumpdProcess?

    /// The concentration the program runs at: 2 mg/mL keeps every rate in whole ng/day.
    static let concentration: Int64 = 2_000

    /// - Parameters:
    ///   - process: a pumpd the run starts (on the virtual clock) and removes, or nil to use the
    ///     one serving `socket` as it is.
    public init(rate: VolumeRate, configuration: TrumpetCurveConfiguration = .iec60601_2_24, process: PumpdProcess?, socket: String?) throws {
        self.rate = rate
        self.configuration = configuration
        self.process = process
        if let process { try process.start(virtualStart: "2026-01-05T08:00:00Z") }
        guard let path = process?.socket ?? socket else { throw ScenarioRunner.HarnessFailure(description: "no pumpd to measure: give a pumpd to start or a socket") }
        connection = try VarlinkConnection(path: path, receiveTimeout: .seconds(900))
    }

    deinit { process?.remove() }

    /// The rig's step volume, pL.
    public func stepVolume() throws -> StepVolume {
        StepVolume(picolitres: try connection.call("io.pumpd.Pump.GetStatus")["status"]?["stepVolume"]?.integerValue ?? 0)
    }

    /// The continuous program for `rate` (2 mg/mL), with limits twice what it gives.
    public static func prescription(for rate: VolumeRate) throws -> JSONValue {
        let product = rate.picolitresPerDay.multipliedReportingOverflow(by: concentration)
        guard !product.overflow, product.partialValue > 0, product.partialValue % 1_000_000 == 0 else {
            throw ScenarioRunner.HarnessFailure(description: "\(QuantityFormatter.flow(picolitresPerDay: rate.picolitresPerDay)) is not a whole number of ng/day at 2 mg/mL")
        }
        let perDay = product.partialValue / 1_000_000
        return [
            "drug": ["name": "baclofen", "concentration": .integer(concentration)],
            "basal": ["kind": "continuous", "rate": .integer(perDay)],
            "limits": ["maximumDailyDose": .integer(perDay * 2), "maximumHourlyDose": .integer(perDay / 12 + 1), "maximumBolus": 50_000],
            "lowReservoirAlarm": 2_000_000,
        ]
    }

    /// Programs the rate and samples the whole grid.
    public func collect(from source: Source) throws -> [VolumeSample] {
        let prescription = try Self.prescription(for: rate)
        let review = try connection.call("io.pumpd.Pump.ValidatePrescription", parameters: ["prescription": prescription])
        // A bench measurement at bench rates: the review's warnings (a reservoir soon empty, a drug-library
        // soft limit crossed) are accepted, with the reason recorded.
        let codes = review["warnings"]?.arrayValue?.compactMap { $0["code"] } ?? []
        _ = try connection.call(
            "io.pumpd.Pump.CommitPrescription",
            parameters: [
                "prescription": prescription, "token": review["token"] ?? .null, "acceptWarnings": .array(codes),
                "overrideReason": "pump-hil accuracy run: a bench rate, not a patient's dose",
            ])
        let started = ContinuousClock.now
        var samples: [VolumeSample] = []
        var baseline: Int64?
        for time in configuration.sampleTimes {
            let elapsed = samples.last?.time ?? .zero
            try wait(until: time, from: elapsed, started: started, source: source)
            let reading = try read(source)
            baseline = baseline ?? reading
            samples.append(VolumeSample(time: time, delivered: Volume(nanolitres: reading - (baseline ?? 0))))
            if time.nanoseconds % TimeSpan.minutes(10).nanoseconds == 0 {
                progress("  \(time.nanoseconds / 60_000_000_000) min: \(QuantityFormatter.volume(nanolitres: reading - (baseline ?? 0)))")
            }
        }
        return samples
    }

    private func wait(until time: TimeSpan, from elapsed: TimeSpan, started: ContinuousClock.Instant, source: Source) throws {
        switch source {
        case .simulated:
            let seconds = (time - elapsed).nanoseconds / 1_000_000_000
            if seconds > 0 { _ = try connection.call("io.pumpd.Rig.AdvanceTime", parameters: ["seconds": .integer(seconds)]) }
        case .balance:
            let due = started + .nanoseconds(time.nanoseconds)
            if due > .now { Thread.sleep(forTimeInterval: Double((due - .now).components.attoseconds) / 1e18 + Double((due - .now).components.seconds)) }
        }
    }

    /// The cumulative volume now, nL.
    private func read(_ source: Source) throws -> Int64 {
        switch source {
        case .simulated(let measure):
            let truth = try connection.call("io.pumpd.Rig.GetTruth")["truth"]
            switch measure {
            case .tip: return truth?["deliveredAtTip"]?.integerValue ?? 0
            case .pumped: return (truth?["motorSteps"]?.integerValue ?? 0) * (try stepVolume().picolitres) / 1_000
            }
        case .balance(let balance, let conversion):
            guard let reading = try balance.requestReading(timeout: .seconds(5)) else {
                throw ScenarioRunner.HarnessFailure(description: "the balance sent no reading within 5 s")
            }
            return conversion.volume(of: reading.mass).nanolitres
        }
    }
}
