public import Varlink

/// `Status`: the pump's state now. Rates in pL/day (flow) and ng/day (dose), masses in ng,
/// volumes in nL, the step volume in pL.
public struct WireStatus: WireRecord, Hashable {
    public var time: String
    /// running, priming or stopped.
    public var mode: String
    /// idle, clinician or alarm, when stopped.
    public var stopCause: String?
    public var programmed: Bool
    public var rate: Int64
    public var basalRate: Int64
    public var doseRate: Int64
    public var deliveredToday: Int64
    public var deliveredTodayVolume: Int64
    public var deliveredLastHour: Int64
    public var deliveredLastDay: Int64
    public var deliveredTotal: Int64
    public var missedTotal: Int64
    public var reservoir: WireReservoir
    public var battery: WireBattery
    public var alarms: [WireAlarm]
    public var task: WireTask?
    public var stepVolume: Int64
    public var stepsMoved: Int64
    public var rig: WireRig
    public var callerRole: String

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        time = try fields.required("time")
        mode = try fields.required("mode")
        stopCause = try fields.optional("stopCause")
        programmed = try fields.required("programmed")
        rate = try fields.required("rate")
        basalRate = try fields.required("basalRate")
        doseRate = try fields.required("doseRate")
        deliveredToday = try fields.required("deliveredToday")
        deliveredTodayVolume = try fields.required("deliveredTodayVolume")
        deliveredLastHour = try fields.required("deliveredLastHour")
        deliveredLastDay = try fields.required("deliveredLastDay")
        deliveredTotal = try fields.required("deliveredTotal")
        missedTotal = try fields.required("missedTotal")
        reservoir = try fields.required("reservoir")
        battery = try fields.required("battery")
        alarms = try fields.required("alarms")
        task = try fields.optional("task")
        stepVolume = try fields.required("stepVolume")
        stepsMoved = try fields.required("stepsMoved")
        rig = try fields.required("rig")
        callerRole = try fields.required("callerRole")
    }

    /// `running`, `stopped (alarm)`.
    public var modeText: String { stopCause.map { "\(mode) (\($0))" } ?? mode }
}
