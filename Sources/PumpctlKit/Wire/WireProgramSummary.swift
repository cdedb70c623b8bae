public import PumpCore
public import Varlink

/// `ProgramSummary`: what a program gives at worst (ng, nL) and when the reservoir runs low and
/// empty under it.
public struct WireProgramSummary: WireRecord, Hashable {
    public var mode: String
    public var drug: Drug
    public var basalDailyDoseMin: Int64
    public var basalDailyDoseMax: Int64
    public var worstDayDose: Int64
    public var worstHourDose: Int64
    public var worstDayVolume: Int64
    public var lowReservoirAt: String?
    public var emptyAt: String?

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        mode = try fields.required("mode")
        drug = try fields.required("drug")
        basalDailyDoseMin = try fields.required("basalDailyDoseMin")
        basalDailyDoseMax = try fields.required("basalDailyDoseMax")
        worstDayDose = try fields.required("worstDayDose")
        worstHourDose = try fields.required("worstHourDose")
        worstDayVolume = try fields.required("worstDayVolume")
        lowReservoirAt = try fields.optional("lowReservoirAt")
        emptyAt = try fields.optional("emptyAt")
    }

    /// Label and value lines in readable units.
    public var rows: [(label: String, value: String)] {
        let basal = basalDailyDoseMin == basalDailyDoseMax
            ? QuantityFormatter.mass(nanograms: basalDailyDoseMin)
            : "\(QuantityFormatter.mass(nanograms: basalDailyDoseMin)) – \(QuantityFormatter.mass(nanograms: basalDailyDoseMax))"
        return [
            ("drug", drug.text),
            ("mode", mode),
            ("basal daily dose", basal),
            ("worst-case daily dose", QuantityFormatter.mass(nanograms: worstDayDose)),
            ("worst-case hourly dose", QuantityFormatter.mass(nanograms: worstHourDose)),
            ("worst-case daily volume", QuantityFormatter.volume(nanolitres: worstDayVolume)),
            ("low-reservoir alarm by", lowReservoirAt ?? "not foreseen"),
            ("reservoir empty by", emptyAt ?? "not foreseen"),
        ]
    }
}
