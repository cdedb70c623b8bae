import Synchronization

/// An analog input read from sysfs: an IIO channel (line pressure, a voltage) or a power-supply
/// class device (battery voltage, charge).
///
/// - IIO (`/sys/bus/iio/devices/iio:deviceN`): reads `in_<channel>_raw` and, when present,
///   `in_<channel>_scale` and `in_<channel>_offset` (falling back to the type-wide
///   `in_<type>_scale`/`_offset`, e.g. `in_voltage_scale` for channel `voltage0`). The value is
///   (raw + offset) × scale, in the IIO ABI unit: kilopascals for pressure (reported here in
///   pascals), millivolts for voltage.
/// - power_supply (`/sys/class/power_supply/<name>`): `voltage_now` in microvolts (reported in
///   millivolts) or `capacity` in percent.
///
/// Scale and offset are parsed as exact decimals and applied in 128-bit integer arithmetic; only
/// the final result is rounded, to the nearest unit (halves away from zero). Every read goes to
/// the files again (a driver may change its scale). Once a scale or offset file has been seen,
/// its disappearance is an error (ENOENT), never a silent fall-back to scale 1 or offset 0.
///
/// Callers: the control loop thread; safe from any thread.
public final class SysfsAnalogInput: AnalogInput, Sendable {
    /// Where the readings come from.
    public enum Channel: Hashable, Sendable {
        /// An IIO device directory and a channel name such as `pressure` or `voltage0`.
        case iio(directory: String, channel: String)
        /// A power_supply class device directory.
        case powerSupply(directory: String)
    }

    public let channel: Channel
    public let quantity: AnalogQuantity
    public let source: String

    /// The file that holds the raw (IIO) or final (power_supply) value.
    let valuePath: String
    /// IIO only: candidate paths for the scale and offset, most specific first.
    let scaleCandidates: [String]
    let offsetCandidates: [String]
    /// Unit factor applied after scale: kPa → Pa for IIO pressure.
    let unitMultiplier: Int128
    /// Unit divisor: µV → mV for power_supply voltage.
    let unitDivisor: Int128
    /// The scale and offset files in use, latched when first found.
    private let latched = Mutex<(scale: String?, offset: String?)>((nil, nil))

    /// An IIO channel. `quantity` is `.pressurePascals` or `.voltageMillivolts`.
    ///
    /// - Throws: `.unsupported` for a quantity IIO does not report (`.capacityPercent`).
    public init(iioDirectory directory: String, channel name: String, quantity: AnalogQuantity) throws(HardwareError) {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        switch quantity {
        case .pressurePascals: unitMultiplier = 1_000
        case .voltageMillivolts: unitMultiplier = 1
        case .capacityPercent: throw .unsupported("IIO channel \(name) as \(quantity.rawValue): IIO has no capacity channel")
        }
        unitDivisor = 1
        self.channel = .iio(directory: base, channel: name)
        self.quantity = quantity
        valuePath = "\(base)/in_\(name)_raw"
        source = valuePath
        var type = Substring(name)
        while let last = type.last, last.isASCII, last.isNumber { type = type.dropLast() }
        func candidates(_ attribute: String) -> [String] {
            let specific = "\(base)/in_\(name)_\(attribute)"
            return type == name[...] || type.isEmpty ? [specific] : [specific, "\(base)/in_\(type)_\(attribute)"]
        }
        scaleCandidates = candidates("scale")
        offsetCandidates = candidates("offset")
    }

    /// A power_supply class device. `quantity` is `.voltageMillivolts` (`voltage_now`) or
    /// `.capacityPercent` (`capacity`).
    ///
    /// - Throws: `.unsupported` for `.pressurePascals`.
    public init(powerSupplyDirectory directory: String, quantity: AnalogQuantity) throws(HardwareError) {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        switch quantity {
        case .voltageMillivolts:
            valuePath = "\(base)/voltage_now"
            unitDivisor = 1_000
        case .capacityPercent:
            valuePath = "\(base)/capacity"
            unitDivisor = 1
        case .pressurePascals:
            throw .unsupported("power_supply \(base) as \(quantity.rawValue): a power supply has no pressure")
        }
        unitMultiplier = 1
        self.channel = .powerSupply(directory: base)
        self.quantity = quantity
        source = valuePath
        scaleCandidates = []
        offsetCandidates = []
    }

    /// One reading in `quantity`'s unit.
    ///
    /// - Throws: `.read(path:errno:)` when a file is missing, vanished or fails to read;
    ///   `.unparsable(path:text:)` when a file holds something other than a number;
    ///   `.outOfRange` when the scaled value does not fit 64 bits.
    public func read() throws(HardwareError) -> Int64 {
        let raw = try SysfsAttributeReader.integer(at: valuePath)
        var scale = SysfsDecimal.one
        var offset = SysfsDecimal.zero
        if !scaleCandidates.isEmpty {
            let known = latched.withLock { $0 }
            let scaleFile = try Self.resolve(known.scale, scaleCandidates)
            let offsetFile = try Self.resolve(known.offset, offsetCandidates)
            if let (path, text) = scaleFile {
                guard let value = SysfsDecimal(text) else { throw .unparsable(path: path, text: String(text)) }
                scale = value
            }
            if let (path, text) = offsetFile {
                guard let value = SysfsDecimal(text) else { throw .unparsable(path: path, text: String(text)) }
                offset = value
            }
            if known.scale == nil && scaleFile != nil || known.offset == nil && offsetFile != nil {
                latched.withLock { $0 = (scaleFile?.path ?? $0.scale, offsetFile?.path ?? $0.offset) }
            }
        }
        return try scaled(raw, scale: scale, offset: offset)
    }

    /// The latched file (which must still exist), or the first candidate that exists, or nil.
    private static func resolve(_ latched: String?, _ candidates: [String]) throws(HardwareError) -> (path: String, text: Substring)? {
        if let latched { return (latched, try SysfsAttributeReader.text(at: latched)) }
        for path in candidates {
            if let text = try SysfsAttributeReader.optionalText(at: path) { return (path, text) }
        }
        return nil
    }

    /// (raw + offset) × scale × multiplier ÷ divisor, rounded to nearest, halves away from zero.
    func scaled(_ raw: Int64, scale: SysfsDecimal, offset: SysfsDecimal) throws(HardwareError) -> Int64 {
        // (raw·od + on)/od × sn/sd × m / d
        let overflow = HardwareError.outOfRange(source: "\(source) (scaled)", value: raw, range: Int64.min...Int64.max)
        let (shiftedRaw, o1) = Int128(raw).multipliedReportingOverflow(by: offset.denominator)
        let (sum, o2) = shiftedRaw.addingReportingOverflow(offset.numerator)
        let (product, o3) = sum.multipliedReportingOverflow(by: scale.numerator)
        let (numerator, o4) = product.multipliedReportingOverflow(by: unitMultiplier)
        let (partial, o5) = offset.denominator.multipliedReportingOverflow(by: scale.denominator)
        let (denominator, o6) = partial.multipliedReportingOverflow(by: unitDivisor)
        guard !(o1 || o2 || o3 || o4 || o5 || o6) else { throw overflow }
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        var rounded = quotient
        if remainder.magnitude * 2 >= denominator.magnitude { rounded += numerator < 0 ? -1 : 1 }
        guard let result = Int64(exactly: rounded) else { throw overflow }
        return result
    }
}
