/// Checks a prescription against its own shape, the rig's hard limits and its own soft limits.
///
/// Returns every violation, not just the first, so a programmer tool can show them all at once.
/// An empty result is the only way to a committable prescription. Plausibility bounds (a gram a
/// day, a week-long interval, 96 patient boluses a day) also keep every later computation far
/// from integer overflow.
public enum PrescriptionValidator {
    static let maximumMass = DrugMass.milligrams(1_000)
    static let maximumRate = MassRate.microgramsPerDay(1_000_000)
    static let maximumConcentration = Concentration.milligramsPerMillilitre(1_000)
    static let maximumBolusDuration = TimeSpan.day
    static let maximumInterval = TimeSpan.days(7)
    static let maximumPatientBolusesPerDay = 96

    public static func violations(of prescription: Prescription, rig: RigConfiguration) -> [LimitViolation] {
        var found: [LimitViolation] = []
        checkDrug(prescription.drug, into: &found)
        checkLimits(prescription.limits, into: &found)
        checkBasal(prescription, rig: rig, into: &found)
        if let periodic = prescription.periodicBolus { checkPeriodic(periodic, drug: prescription.drug, limits: prescription.limits, into: &found) }
        if let patient = prescription.patientBolus { checkPatient(patient, drug: prescription.drug, limits: prescription.limits, into: &found) }
        checkReservoirAlarm(prescription.lowReservoirAlarm, rig: rig, into: &found)
        // A shape error elsewhere (a blank name, a bad limit) must not hide what the doses add up
        // to: the envelope is checked whenever the numbers it is computed from can be read.
        if envelopeIsReadable(prescription) { checkEnvelope(prescription, rig: rig, into: &found) }
        return found
    }

    /// Whether `DoseEnvelope` can be computed from `prescription` without meaningless results,
    /// division by zero or overflow: every schedule well formed with rates within the plausibility
    /// bound, and every bolus's dose, duration, interval, lockout and count within theirs. The drug's
    /// name, the limits and the alarm volume do not enter the envelope.
    static func envelopeIsReadable(_ prescription: Prescription) -> Bool {
        for labelled in prescription.basal.labelledSchedules {
            let steps = labelled.schedule.steps
            guard !steps.isEmpty, steps.count <= DailySchedule.maximumSteps, steps[0].start == .midnight else { return false }
            for i in steps.indices {
                guard (MassRate.zero...maximumRate).contains(steps[i].rate), i == 0 || steps[i].start > steps[i - 1].start else { return false }
            }
        }
        func readable(dose: DrugMass, duration: TimeSpan) -> Bool {
            (DrugMass.zero...maximumMass).contains(dose) && duration > .zero && duration <= maximumBolusDuration
        }
        if let periodic = prescription.periodicBolus {
            guard readable(dose: periodic.dose, duration: periodic.duration), periodic.interval >= PeriodicBolus.minimumInterval,
                periodic.interval <= maximumInterval
            else { return false }
        }
        if let patient = prescription.patientBolus {
            guard readable(dose: patient.dose, duration: patient.duration), patient.lockout > .zero, patient.lockout <= maximumInterval,
                (0...maximumPatientBolusesPerDay).contains(patient.maximumPerDay)
            else { return false }
        }
        return true
    }

    private static func positive<Q: ViolationQuantity & CustomStringConvertible>(_ value: Q, _ field: String, into found: inout [LimitViolation]) {
        if value.violationValue <= 0 {
            found.append(LimitViolation(.notPositive, field: field, actual: "\(value)", limit: "> 0", amount: .init(againstZero: value)))
        }
    }

    private static func atMost<T: Comparable & CustomStringConvertible & ViolationQuantity>(_ value: T, _ bound: T, _ field: String, into found: inout [LimitViolation]) {
        if value > bound {
            found.append(LimitViolation(.outOfRange, field: field, actual: "\(value)", limit: "≤ \(bound)", amount: .init(actual: value, limit: bound)))
        }
    }

    /// A bolus dose must carry at least one nanolitre of the drug, or it cannot be metered.
    private static func meterable(_ dose: DrugMass, _ drug: Drug, _ field: String, into found: inout [LimitViolation]) {
        guard dose > .zero, drug.concentration > .none, drug.concentration <= maximumConcentration, dose <= maximumMass else { return }
        let volume = drug.concentration.volume(containing: dose)
        if volume < .nanolitres(1) {
            found.append(LimitViolation(
                .doseBelowOneNanolitre, field: field, actual: "\(dose) = \(volume) at \(drug.concentration)", limit: "≥ 1 nL of drug"))
        }
    }

    /// The longest drug name accepted, in characters.
    public static let maximumDrugNameLength = 64

    /// What is wrong with a drug name, at `field`: blank; or not one line of at most
    /// `maximumDrugNameLength` characters (a name goes into reviews, the audit and the journal, where a
    /// newline or an escape would forge lines).
    public static func drugNameViolations(_ name: String, field: String) -> [LimitViolation] {
        if name.allSatisfy(\.isWhitespace) {
            return [LimitViolation(.missingValue, field: field, actual: "empty", limit: "a drug name")]
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return [LimitViolation(.outOfRange, field: field, actual: "a control character in the name", limit: "one line of text (no newline, tab or escape)")]
        }
        if name.count > maximumDrugNameLength {
            return [LimitViolation(.outOfRange, field: field, actual: "\(name.count) characters", limit: "≤ \(maximumDrugNameLength) characters")]
        }
        return []
    }

    private static func checkDrug(_ drug: Drug, into found: inout [LimitViolation]) {
        found += drugNameViolations(drug.name, field: "drug.name")
        positive(drug.concentration, "drug.concentration", into: &found)
        atMost(drug.concentration, maximumConcentration, "drug.concentration", into: &found)
    }

    private static func checkLimits(_ limits: DoseLimits, into found: inout [LimitViolation]) {
        positive(limits.maximumDailyDose, "limits.maximumDailyDose", into: &found)
        positive(limits.maximumHourlyDose, "limits.maximumHourlyDose", into: &found)
        positive(limits.maximumBolus, "limits.maximumBolus", into: &found)
        atMost(limits.maximumDailyDose, maximumMass, "limits.maximumDailyDose", into: &found)
        atMost(limits.maximumHourlyDose, maximumMass, "limits.maximumHourlyDose", into: &found)
        atMost(limits.maximumBolus, maximumMass, "limits.maximumBolus", into: &found)
    }

    private static func checkBasal(_ prescription: Prescription, rig: RigConfiguration, into found: inout [LimitViolation]) {
        for labelled in prescription.basal.labelledSchedules {
            let schedule = labelled.schedule
            if schedule.steps.isEmpty {
                found.append(LimitViolation(.missingValue, field: labelled.stepsPath, actual: "no steps", limit: "at least one step"))
                continue
            }
            if schedule.steps.count > DailySchedule.maximumSteps {
                found.append(LimitViolation(
                    .tooManyScheduleSteps, field: labelled.stepsPath, actual: "\(schedule.steps.count) steps",
                    limit: "≤ \(DailySchedule.maximumSteps) steps", amount: .init(actual: schedule.steps.count, limit: DailySchedule.maximumSteps)))
            }
            if schedule.steps[0].start != .midnight {
                found.append(LimitViolation(
                    .scheduleMustStartAtMidnight, field: labelled.startPath(0), actual: "\(schedule.steps[0].start)",
                    limit: "00:00"))
            }
            for i in schedule.steps.indices {
                let step = schedule.steps[i]
                if i > 0, step.start <= schedule.steps[i - 1].start {
                    found.append(LimitViolation(
                        .scheduleStepsNotAscending, field: labelled.startPath(i), actual: "\(step.start)",
                        limit: "after \(schedule.steps[i - 1].start)"))
                }
                let field = labelled.ratePath(i)
                if step.rate.nanogramsPerDay < 0 {
                    found.append(LimitViolation(.notPositive, field: field, actual: "\(step.rate)", limit: "≥ 0", amount: .init(againstZero: step.rate)))
                } else if step.rate > maximumRate {
                    atMost(step.rate, maximumRate, field, into: &found)
                } else if step.rate > .zero, prescription.drug.concentration > .none, prescription.drug.concentration <= maximumConcentration {
                    let volumeRate = step.rate.volumeRate(at: prescription.drug.concentration)
                    if volumeRate < rig.minimumRate {
                        found.append(LimitViolation(
                            .belowRigMinimumRate, field: field, actual: "\(step.rate) = \(volumeRate)",
                            limit: "≥ \(rig.minimumRate) (rig minimum) or exactly 0", amount: .init(actual: volumeRate, limit: rig.minimumRate)))
                    }
                }
            }
        }
    }

    /// What every programmed bolus must satisfy: a positive, meterable dose within the maximum
    /// bolus, over a positive duration of at most a day. `field` is the bolus's key, e.g.
    /// `periodicBolus`.
    private static func checkBolus(
        dose: DrugMass, duration: TimeSpan, field: String, drug: Drug, limits: DoseLimits, into found: inout [LimitViolation]
    ) {
        positive(dose, "\(field).dose", into: &found)
        positive(duration, "\(field).duration", into: &found)
        atMost(duration, maximumBolusDuration, "\(field).duration", into: &found)
        meterable(dose, drug, "\(field).dose", into: &found)
        if dose > limits.maximumBolus {
            found.append(LimitViolation(
                .aboveMaximumBolus, field: "\(field).dose", actual: "\(dose)", limit: "≤ \(limits.maximumBolus)",
                amount: .init(actual: dose, limit: limits.maximumBolus)))
        }
    }

    private static func checkPeriodic(_ periodic: PeriodicBolus, drug: Drug, limits: DoseLimits, into found: inout [LimitViolation]) {
        checkBolus(dose: periodic.dose, duration: periodic.duration, field: "periodicBolus", drug: drug, limits: limits, into: &found)
        atMost(periodic.interval, maximumInterval, "periodicBolus.interval", into: &found)
        atMost(periodic.firstStartDelay, maximumInterval, "periodicBolus.firstStartDelay", into: &found)
        if periodic.interval < PeriodicBolus.minimumInterval {
            found.append(LimitViolation(
                .intervalTooShort, field: "periodicBolus.interval", actual: "\(periodic.interval)",
                limit: "≥ \(PeriodicBolus.minimumInterval)", amount: .init(actual: periodic.interval, limit: PeriodicBolus.minimumInterval)))
        } else if periodic.duration >= periodic.interval {
            found.append(LimitViolation(
                .durationNotShorterThanInterval, field: "periodicBolus.duration", actual: "\(periodic.duration)",
                limit: "< interval \(periodic.interval)", amount: .init(actual: periodic.duration, limit: periodic.interval)))
        }
        if periodic.firstStartDelay < .zero {
            found.append(LimitViolation(.notPositive, field: "periodicBolus.firstStartDelay", actual: "\(periodic.firstStartDelay)", limit: "≥ 0",
                amount: .init(againstZero: periodic.firstStartDelay)))
        }
    }

    private static func checkPatient(_ patient: PatientBolusPolicy, drug: Drug, limits: DoseLimits, into found: inout [LimitViolation]) {
        checkBolus(dose: patient.dose, duration: patient.duration, field: "patientBolus", drug: drug, limits: limits, into: &found)
        positive(patient.maximumPerDay, "patientBolus.maximumPerDay", into: &found)
        atMost(patient.maximumPerDay, maximumPatientBolusesPerDay, "patientBolus.maximumPerDay", into: &found)
        atMost(patient.lockout, maximumInterval, "patientBolus.lockout", into: &found)
        if patient.lockout < patient.duration {
            found.append(LimitViolation(
                .lockoutShorterThanDuration, field: "patientBolus.lockout", actual: "\(patient.lockout)",
                limit: "≥ duration \(patient.duration)", amount: .init(actual: patient.lockout, limit: patient.duration)))
        }
    }

    private static func checkReservoirAlarm(_ alarm: Volume, rig: RigConfiguration, into found: inout [LimitViolation]) {
        if alarm <= rig.emptyThreshold || alarm >= rig.reservoirCapacity {
            found.append(LimitViolation(
                .lowReservoirAlarmOutOfRange, field: "lowReservoirAlarm", actual: "\(alarm)",
                limit: "> \(rig.emptyThreshold) (rig empty threshold) and < \(rig.reservoirCapacity) (reservoir capacity)"))
        }
    }

    private static func checkEnvelope(_ prescription: Prescription, rig: RigConfiguration, into found: inout [LimitViolation]) {
        let envelope = DoseEnvelope(prescription)
        let limits = prescription.limits
        if envelope.worstDayDose > limits.maximumDailyDose {
            found.append(LimitViolation(
                .aboveMaximumDailyDose, field: "basal",
                actual: "\(envelope.worstDayDose) in the worst 24 h (basal \(envelope.worstBasalDay) + periodic \(envelope.periodicDailyDose) + patient \(envelope.patientDailyDose))",
                limit: "≤ \(limits.maximumDailyDose)", amount: .init(actual: envelope.worstDayDose, limit: limits.maximumDailyDose)))
        }
        if envelope.worstHourDose > limits.maximumHourlyDose {
            found.append(LimitViolation(
                .aboveMaximumHourlyDose, field: "basal", actual: "\(envelope.worstHourDose) in the worst hour",
                limit: "≤ \(limits.maximumHourlyDose)", amount: .init(actual: envelope.worstHourDose, limit: limits.maximumHourlyDose)))
        }
        // The flow needs a concentration that can be read: none to divide by says nothing.
        let concentration = prescription.drug.concentration
        guard concentration > .none, concentration <= maximumConcentration else { return }
        // A gram over a second at 1 µg/mL is ~10²³ pL/day: saturate rather than trap.
        let exact = WideArithmetic.ceilDivide(
            Int128(envelope.peakMassRate.nanogramsPerDay) * 1_000_000, Int128(concentration.microgramsPerMillilitre))
        let peak = VolumeRate(picolitresPerDay: Int64(clamping: exact))
        if peak > rig.effectiveMaximumRate {
            let byFrequency = rig.effectiveMaximumRate < rig.maximumRate
            let stepsPerSecond = WideArithmetic.ceilDivide(exact, Int128(rig.stepVolume.picolitres) * 86_400)
            found.append(LimitViolation(
                byFrequency ? .aboveRigMaximumStepFrequency : .aboveRigMaximumRate, field: "basal",
                actual: byFrequency ? "peak \(peak) = \(stepsPerSecond) steps/s" : "peak \(peak) (basal and boluses together)",
                limit: byFrequency ? "≤ \(rig.maximumStepsPerSecond) steps/s" : "≤ \(rig.maximumRate)",
                amount: .init(actual: peak, limit: rig.effectiveMaximumRate)))
        }
    }
}
