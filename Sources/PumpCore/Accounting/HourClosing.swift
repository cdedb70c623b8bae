/// The wall-clock hours a session's clock has passed, each closed with the pump's state as the
/// clock crossed its end, so the hourly history reports every completed hour once and truly,
/// however late the checkpoint that writes it (issue 13: the virtual clock saves once a day).
///
/// An hour closes at the session's first reading at or after its end: the first wake of the
/// control loop (a step, a sensor poll, a re-plan) or command in a later hour, so at most one
/// sensor poll interval after the boundary while the loop runs. Its `ClosedHour` holds the state
/// after that reading was applied (completions, drops, mode changes at that instant), before any
/// step or command of the same call. The delivery itself is booked by `DeliveryByHour`; a save
/// writes the hours closed since the last save with their totals.
///
/// Edge cases, decided:
/// - The hours between two readings (an outage, a wall clock set ahead) close together at the
///   later reading, at most `maximumHoursPerCrossing` of them, oldest first, all with the state at
///   that reading; beyond that an outage or a clock step is reported by its own event
///   (deliveryGap, wallClockJumped), not by a row of empty hours.
/// - A wall clock set back closes nothing and reopens the earlier hour: that hour can then be
///   closed (reported) a second time, with its grown total.
/// - Holds the last `capacity` closed hours; a save takes them long before (one is due in every
///   new hour; the virtual clock saves at least once per simulated day).
public struct HourClosing: Sendable, Hashable {
    /// The start of the hour the session's clock is in (ns since the epoch, a whole UTC hour).
    public private(set) var openHour: Int64
    /// The last hours closed, oldest first, numbered from 1 (`ClosedHour.number`).
    public private(set) var closed: [ClosedHour] = []
    /// How many hours this session has closed: the number of the newest.
    public private(set) var closedCount: Int64 = 0

    /// One hour in nanoseconds.
    public static let hourNanoseconds = DeliveryByHour.hourNanoseconds
    /// Most hours one reading closes.
    public static let maximumHoursPerCrossing = 24
    /// Most closed hours kept for the next save.
    public static let capacity = 72

    /// Opens the hour that `wallNanoseconds` falls in.
    public init(openAt wallNanoseconds: Int64) {
        openHour = Self.hourStart(of: wallNanoseconds)
        closed.reserveCapacity(Self.capacity + Self.maximumHoursPerCrossing)
    }

    /// The start of the UTC hour `wallNanoseconds` falls in (floor, also before 1970).
    public static func hourStart(of wallNanoseconds: Int64) -> Int64 { DeliveryByHour.hourStart(of: wallNanoseconds) }

    /// Whether a reading at `wallNanoseconds` would close an hour.
    public func closes(at wallNanoseconds: Int64) -> Bool { Self.hourStart(of: wallNanoseconds) > openHour }

    /// A reading at `wallNanoseconds` (`closedAt`) with the pump in `state`: closes the hours it
    /// completes, oldest first, and returns their starts (empty within the same hour or after a
    /// clock set back); opens the reading's hour.
    @discardableResult
    public mutating func advance(to closedAt: CivilTime, state: ClosedHour.State) -> [Int64] {
        let count = close(at: closedAt, state: state)
        return closed.suffix(count).map(\.start)
    }

    /// `advance(to:state:)` as the control loop's wake calls it: returns how many hours it closed
    /// and allocates nothing while `closed` has its reserved room (the loop never allocates).
    @discardableResult
    public mutating func close(at closedAt: CivilTime, state: ClosedHour.State) -> Int {
        let hour = Self.hourStart(of: closedAt.unixNanoseconds)
        defer { openHour = hour }
        guard hour > openHour else { return 0 }
        let count = min((hour - openHour) / Self.hourNanoseconds, Int64(Self.maximumHoursPerCrossing))
        for index in 0..<count {
            closedCount += 1
            closed.append(ClosedHour(start: openHour + index * Self.hourNanoseconds, number: closedCount, closedAt: closedAt, state: state))
        }
        if closed.count > Self.capacity { closed.removeFirst(closed.count - Self.capacity) }
        return Int(count)
    }

    /// The hours closed after the one numbered `number`, oldest first.
    public func closed(after number: Int64) -> ArraySlice<ClosedHour> {
        closed[(closed.firstIndex { $0.number > number } ?? closed.endIndex)...]
    }

    /// Replaces the state of the hours closed after `number` (a restore closes the outage's hours
    /// while the session is still being rebuilt: they carry the restored state, or the state
    /// `noted` for them, when the step journal noted how they closed before the process died).
    mutating func restate(after number: Int64, as state: ClosedHour.State, noted: [JournaledHour] = []) {
        for index in closed.indices where closed[index].number > number {
            closed[index].state = noted.first { $0.start == closed[index].start }?.state ?? state
        }
    }
}
