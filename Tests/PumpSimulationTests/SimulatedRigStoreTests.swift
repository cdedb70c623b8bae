import Foundation
import PumpCore
import PumpHardware
import PumpSimulation
import Testing

/// The simulated rig is the hardware: its physical state outlives the daemon that drives it.
@Suite("Simulated rig: state kept across restarts")
struct SimulatedRigStoreTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rig-store-\(UUID().uuidString)").path
    var path: String { directory + "/simulated-rig.state" }

    init() throws { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }

    func rig(_ clock: VirtualClock, _ configuration: SimulatedRigConfiguration = .test) throws -> SimulatedRig {
        SimulatedRig(configuration: configuration, clock: clock, store: try SimulatedRigStore.open(path: path, configuration: configuration))
    }

    func clock(at seconds: Int64) -> VirtualClock {
        VirtualClock(start: ClockReading(
            monotonic: MonotonicInstant(nanoseconds: seconds * TimeSpan.second.nanoseconds), wall: CivilTime(unixNanoseconds: 1_795_000_000_000_000_000)))
    }

    @Test func aReopenedRigCarriesOnWithItsReservoirCountersAndDeliveredFluid() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let before = try {
            let first = try rig(clock(at: 1_000))
            try first.motor.enable()
            for _ in 0..<40 { try first.motor.step() }  // 10 µL: 1 µL fills the catheter, 9 µL leave the tip
            first.refill(to: .millilitres(15))
            for _ in 0..<4 { try first.motor.step() }
            return first.truth()
        }()

        // The daemon dies (its lock goes with it); a new one opens the same file on a clock that
        // started again earlier.
        let second = try rig(clock(at: 10))
        let after = second.truth()
        #expect(after.reservoir == .millilitres(15) - .nanolitres(1_000))
        #expect(after.deliveredToPatient == before.deliveredToPatient && after.deliveredToPatient == .nanolitres(10_000))
        #expect(after.stepsForward == 44 && after.encoderPulses == 44 && after.catheterFill == before.catheterFill)
        // ENABLE was released with the process: the pull resistor holds it inactive.
        #expect(!after.enabled)
    }

    @Test func aSlotTornByAKillLeavesThePreviousStateAndADamagedOrForeignFileIsRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try {
            let first = try rig(clock(at: 1_000))
            try first.motor.enable()
            for _ in 0..<8 { try first.motor.step() }
        }()
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        let bytes = try #require(try handle.readToEnd())
        // Tear the newest slot's checksum, as a kill in the middle of its update would leave it.
        let slotBytes = (SimulatedRigStoreTests.wordCount + 2) * 8
        var torn = bytes
        let newest = torn.withUnsafeBytes { raw in
            (0..<2).max { raw.load(fromByteOffset: 24 + $0 * slotBytes, as: UInt64.self) < raw.load(fromByteOffset: 24 + $1 * slotBytes, as: UInt64.self) }!
        }
        torn[24 + newest * slotBytes + slotBytes - 1] ^= 0x5A
        try torn.write(to: URL(fileURLWithPath: path))
        #expect(try rig(clock(at: 1_000)).truth().encoderPulses == 7)

        // Both slots damaged: refused, never started over.
        var damaged = torn
        for slot in 0..<2 { damaged[24 + slot * slotBytes + 16] ^= 0x01 }
        try damaged.write(to: URL(fileURLWithPath: path))
        #expect { try SimulatedRigStore.open(path: path, configuration: .test) } throws: { error in
            if case MappedRecordError.damaged = error { true } else { false }
        }
        // Another file, and another rig's file.
        try Data("not a rig".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try SimulatedRigStore.open(path: path, configuration: .test) } throws: { error in
            if case MappedRecordError.foreign = error { true } else { false }
        }
        try bytes.write(to: URL(fileURLWithPath: path))
        var other = SimulatedRigConfiguration.test
        other.stepVolume = .nanolitres(100)
        #expect { try SimulatedRigStore.open(path: path, configuration: other) } throws: { error in
            if case MappedRecordError.mismatch = error { true } else { false }
        }
    }

    @Test func anAcceleratedClockCarriesOnAcrossTheOutageAtItsScale() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try rig(clock(at: 5_000)).truth()
        let store = try SimulatedRigStore.open(path: path, configuration: .test)
        let now = SystemClock.monotonicNanoseconds()
        // 2 s of real outage at 1000× is 2000 s of the rig's time.
        let continued = try #require(store.continuedClock(scale: 1_000, realNow: now + 2_000_000_000))
        let saved = try #require(store.continuedClock(scale: 1_000, realNow: now))
        #expect(continued.monotonic - saved.monotonic == .seconds(2_000))
        #expect(saved.monotonic >= MonotonicInstant(nanoseconds: 5_000 * TimeSpan.second.nanoseconds))
        // After a reboot (the real clock went back) nothing is continued.
        #expect(store.continuedClock(scale: 1_000, realNow: 0) == nil)
    }

    /// Another pumpd of this state (refused later by the state's lock): the rig's file is in use,
    /// and it neither reads nor writes it.
    @Test func aFileAnotherRigHoldsIsInUseAndUntouched() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let running = try rig(clock(at: 1_000))
        try running.motor.enable()
        for _ in 0..<8 { try running.motor.step() }
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let began = ContinuousClock.now
        #expect { try SimulatedRigStore.open(path: path, configuration: .test, patience: .milliseconds(20)) } throws: { error in
            if case MappedRecordError.inUse = error { true } else { false }
        }
        #expect(ContinuousClock.now - began >= .milliseconds(20))
        #expect(FileManager.default.contents(atPath: path) == bytes)
        #expect(running.truth().stepsForward == 8)
    }

    /// A pumpd exiting holds the file a moment longer than its state: the next one waits for it.
    @Test func aFileHeldForAMomentIsOpenedOnceFree() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try rig(clock(at: 1_000)).truth()
        let fd = open(path, O_RDWR | O_CLOEXEC)
        try #require(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(30)) { close(fd) }
        let store = try SimulatedRigStore.open(path: path, configuration: .test, patience: .seconds(30))
        #expect(store.resumed)
    }

    static let wordCount = 23
}
