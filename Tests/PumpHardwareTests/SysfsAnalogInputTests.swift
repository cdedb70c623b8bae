import Foundation
import Glibc
import Testing

@testable import PumpHardware

/// A scratch directory of real files standing in for a sysfs device directory.
private final class SysfsFixture {
    let directory: String

    init() throws {
        directory = "\(NSTemporaryDirectory())/pumpd-sysfs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: "\(directory)/\(name)", atomically: false, encoding: .utf8)
    }

    func remove(_ name: String) throws { try FileManager.default.removeItem(atPath: "\(directory)/\(name)") }
}

@Suite("Sysfs analog inputs")
struct SysfsAnalogInputTests {
    @Test func iioPressureAppliesOffsetThenScaleAndReportsPascals() throws {
        let fixture = try SysfsFixture()
        try fixture.write("in_pressure_raw", "1000\n")
        try fixture.write("in_pressure_offset", "-24\n")
        try fixture.write("in_pressure_scale", "0.125\n")  // kPa per LSB
        let input = try SysfsAnalogInput(iioDirectory: fixture.directory, channel: "pressure", quantity: .pressurePascals)
        #expect(try input.read() == 122_000)  // (1000 − 24) × 0.125 kPa
        #expect(input.source == "\(fixture.directory)/in_pressure_raw")
        #expect(input.quantity == .pressurePascals)
    }

    @Test func iioScaleIsAppliedExactlyWhereFloatingPointWouldRoundTheOtherWay() throws {
        let fixture = try SysfsFixture()
        try fixture.write("in_pressure_raw", "3\n")
        try fixture.write("in_pressure_scale", "0.0045\n")  // 13.5 Pa exactly; 3 × 0.0045 × 1000 in Double is 13.4999…
        let input = try SysfsAnalogInput(iioDirectory: fixture.directory, channel: "pressure", quantity: .pressurePascals)
        #expect(try input.read() == 14)
    }

    @Test func iioNanoScaleAndFractionalOffsetGiveMillivolts() throws {
        let fixture = try SysfsFixture()
        try fixture.write("in_voltage0_raw", "3000\n")
        try fixture.write("in_voltage0_scale", "1.220703125\n")  // mV per LSB
        try fixture.write("in_voltage0_offset", "0.5\n")
        let input = try SysfsAnalogInput(iioDirectory: fixture.directory, channel: "voltage0", quantity: .voltageMillivolts)
        #expect(try input.read() == 3663)  // 3000.5 × 1.220703125 = 3662.719…
    }

    @Test func negativeResultsRoundHalfAwayFromZero() throws {
        let fixture = try SysfsFixture()
        try fixture.write("in_pressure_raw", "-3\n")
        try fixture.write("in_pressure_scale", "0.0005\n")
        let input = try SysfsAnalogInput(iioDirectory: fixture.directory, channel: "pressure", quantity: .pressurePascals)
        #expect(try input.read() == -2)  // −1.5 Pa
    }

    @Test func typeWideScaleAppliesWhenTheChannelHasNoneOfItsOwn() throws {
        let fixture = try SysfsFixture()
        try fixture.write("in_voltage2_raw", "2048\n")
        try fixture.write("in_voltage_scale", "0.805664062\n")
        let input = try SysfsAnalogInput(iioDirectory: fixture.directory, channel: "voltage2", quantity: .voltageMillivolts)
        #expect(try input.read() == 1650)  // 1649.99…
    }

    @Test func channelWithoutScaleOrOffsetReportsRaw() throws {
        let fixture = try SysfsFixture()
        try fixture.write("in_voltage0_raw", "3600")
        let input = try SysfsAnalogInput(iioDirectory: fixture.directory, channel: "voltage0", quantity: .voltageMillivolts)
        #expect(try input.read() == 3600)
    }

    @Test func scaleIsReadAgainOnEveryRead() throws {
        let fixture = try SysfsFixture()
        try fixture.write("in_pressure_raw", "100\n")
        try fixture.write("in_pressure_scale", "1\n")
        let input = try SysfsAnalogInput(iioDirectory: fixture.directory, channel: "pressure", quantity: .pressurePascals)
        #expect(try input.read() == 100_000)
        try fixture.write("in_pressure_scale", "0.5\n")
        #expect(try input.read() == 50_000)
    }

    @Test func powerSupplyVoltageConvertsMicrovoltsToMillivolts() throws {
        let fixture = try SysfsFixture()
        try fixture.write("voltage_now", "3712345\n")
        let input = try SysfsAnalogInput(powerSupplyDirectory: fixture.directory, quantity: .voltageMillivolts)
        #expect(try input.read() == 3712)
        try fixture.write("voltage_now", "3712500\n")
        #expect(try input.read() == 3713)
        #expect(input.source == "\(fixture.directory)/voltage_now")
    }

    @Test func powerSupplyCapacityIsPercent() throws {
        let fixture = try SysfsFixture()
        try fixture.write("capacity", "87\n")
        let input = try SysfsAnalogInput(powerSupplyDirectory: fixture.directory, quantity: .capacityPercent)
        #expect(try input.read() == 87)
    }

    @Test func missingFileThrowsReadErrorWithENOENT() throws {
        let fixture = try SysfsFixture()
        let input = try SysfsAnalogInput(iioDirectory: fixture.directory, channel: "pressure", quantity: .pressurePascals)
        #expect(throws: HardwareError.read(path: "\(fixture.directory)/in_pressure_raw", errno: ENOENT)) { try input.read() }
        let battery = try SysfsAnalogInput(powerSupplyDirectory: fixture.directory + "/gone", quantity: .voltageMillivolts)
        #expect(throws: HardwareError.read(path: "\(fixture.directory)/gone/voltage_now", errno: ENOENT)) { try battery.read() }
    }

    @Test func fileDeletedBetweenReadsThrowsENOENT() throws {
        let fixture = try SysfsFixture()
        try fixture.write("voltage_now", "3600000\n")
        let input = try SysfsAnalogInput(powerSupplyDirectory: fixture.directory, quantity: .voltageMillivolts)
        #expect(try input.read() == 3600)
        try fixture.remove("voltage_now")
        #expect(throws: HardwareError.read(path: "\(fixture.directory)/voltage_now", errno: ENOENT)) { try input.read() }
    }

    @Test func scaleFileVanishingAfterItWasSeenIsAnErrorNotScaleOne() throws {
        let fixture = try SysfsFixture()
        try fixture.write("in_pressure_raw", "100\n")
        try fixture.write("in_pressure_scale", "0.5\n")
        let input = try SysfsAnalogInput(iioDirectory: fixture.directory, channel: "pressure", quantity: .pressurePascals)
        #expect(try input.read() == 50_000)
        try fixture.remove("in_pressure_scale")
        #expect(throws: HardwareError.read(path: "\(fixture.directory)/in_pressure_scale", errno: ENOENT)) { try input.read() }
    }

    @Test func directoryInPlaceOfFileThrowsItsErrno() throws {
        let fixture = try SysfsFixture()
        try FileManager.default.createDirectory(atPath: "\(fixture.directory)/in_pressure_raw", withIntermediateDirectories: false)
        let input = try SysfsAnalogInput(iioDirectory: fixture.directory, channel: "pressure", quantity: .pressurePascals)
        #expect(throws: HardwareError.read(path: "\(fixture.directory)/in_pressure_raw", errno: EISDIR)) { try input.read() }
    }

    @Test(arguments: ["abc\n", "", "12.5\n", "0x10\n", "1 2\n"])
    func nonNumericRawTextThrowsUnparsable(text: String) throws {
        let fixture = try SysfsFixture()
        try fixture.write("in_pressure_raw", text)
        let input = try SysfsAnalogInput(iioDirectory: fixture.directory, channel: "pressure", quantity: .pressurePascals)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(throws: HardwareError.unparsable(path: "\(fixture.directory)/in_pressure_raw", text: trimmed)) { try input.read() }
    }

    @Test(arguments: ["1e-3", "0.1.2", "-", ".", "kPa", "0.0000000000000000001"])
    func nonDecimalScaleTextThrowsUnparsable(text: String) throws {
        let fixture = try SysfsFixture()
        try fixture.write("in_pressure_raw", "100\n")
        try fixture.write("in_pressure_scale", text + "\n")
        let input = try SysfsAnalogInput(iioDirectory: fixture.directory, channel: "pressure", quantity: .pressurePascals)
        #expect(throws: HardwareError.unparsable(path: "\(fixture.directory)/in_pressure_scale", text: text)) { try input.read() }
    }

    @Test func garbageOffsetThrowsUnparsable() throws {
        let fixture = try SysfsFixture()
        try fixture.write("in_pressure_raw", "100\n")
        try fixture.write("in_pressure_offset", "n/a\n")
        let input = try SysfsAnalogInput(iioDirectory: fixture.directory, channel: "pressure", quantity: .pressurePascals)
        #expect(throws: HardwareError.unparsable(path: "\(fixture.directory)/in_pressure_offset", text: "n/a")) { try input.read() }
    }

    @Test func quantitiesTheSourceCannotReportAreRejected() {
        #expect(throws: HardwareError.self) {
            try SysfsAnalogInput(iioDirectory: "/sys/bus/iio/devices/iio:device0", channel: "voltage0", quantity: .capacityPercent)
        }
        #expect(throws: HardwareError.self) {
            try SysfsAnalogInput(powerSupplyDirectory: "/sys/class/power_supply/BAT0", quantity: .pressurePascals)
        }
    }

    @Test func decimalParsingIsExactAndReduced() throws {
        let third = try #require(SysfsDecimal("0.250"[...]))
        #expect(third == SysfsDecimal(numerator: 1, denominator: 4))
        #expect(SysfsDecimal("-2048"[...]) == SysfsDecimal(numerator: -2048, denominator: 1))
        #expect(SysfsDecimal("+.5"[...]) == SysfsDecimal(numerator: 1, denominator: 2))
        #expect(SysfsDecimal("3."[...]) == SysfsDecimal(numerator: 3, denominator: 1))
    }
}
