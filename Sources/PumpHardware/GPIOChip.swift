import CPumpGPIO
#if canImport(Glibc)
import Glibc
#endif

/// An open GPIO character device (/dev/gpiochipN), driven through libgpiod 1.6 or 2.x (whichever
/// the build found; see `libgpiodAPIVersion`).
///
/// Drivers and inputs made from a chip keep it open while they live; the chip closes when the last
/// of them and the caller's reference are gone. Not thread-safe: the control loop thread owns the
/// chip and everything made from it.
public final class GPIOChip: CustomStringConvertible {
    let handle: OpaquePointer
    /// What the profile asked for.
    public let selector: GPIOChipSelector
    /// The kernel's name, e.g. "gpiochip0".
    public let name: String
    /// The chip's label, e.g. "pinctrl-bcm2711"; may be empty.
    public let label: String
    /// The device path it was opened from, e.g. "/dev/gpiochip0".
    public let path: String
    /// How many lines the chip has: valid offsets are `0..<lineCount`.
    public let lineCount: Int

    /// Opens the chip `selector` names.
    ///
    /// - Throws: `.chipNotFound` naming the path, name or label when no such chip exists (for a
    ///   label: when no /dev/gpiochip* carries it, including when there are no chips at all);
    ///   `.gpio(operation: "open chip", …)` with the errno otherwise, e.g. EACCES without
    ///   permission, ENOTTY/ENODEV for a path that is not a GPIO chip, ENOTUNIQ (76) for a label
    ///   that several chips carry, EINVAL for an empty name or a name holding "/".
    public init(_ selector: GPIOChipSelector) throws(HardwareError) {
        self.selector = selector
        errno = 0
        let opened: OpaquePointer? =
            switch selector {
            case .path(let path): path.withCString { pump_gpio_chip_open_path($0) }
            case .name(let name): name.withCString { pump_gpio_chip_open_name($0) }
            case .label(let label): label.withCString { pump_gpio_chip_open_label($0) }
            }
        guard let opened else {
            let code = errno
            if code == ENOENT { throw .chipNotFound(selector.description) }
            let operation = code == ENOTUNIQ ? "open chip (several chips carry this label)" : "open chip"
            throw .gpio(operation: operation, line: selector.description, errno: code)
        }
        handle = opened
        name = String(cString: pump_gpio_chip_name(opened))
        label = String(cString: pump_gpio_chip_label(opened))
        path = String(cString: pump_gpio_chip_path(opened))
        lineCount = Int(pump_gpio_chip_num_lines(opened))
    }

    deinit { pump_gpio_chip_close(handle) }

    /// "gpiochip0 [pinctrl-bcm2711]", or just the name when the chip has no label.
    public var description: String { label.isEmpty ? name : "\(name) [\(label)]" }

    /// The offset of the line `line` selects.
    ///
    /// - Throws: `.lineNotFound(chip:line:)` naming this chip and the line name or offset when the
    ///   chip has no such line; `.gpio` with the errno if the lookup itself failed.
    public func offset(of line: GPIOLineSelector) throws(HardwareError) -> Int {
        switch line {
        case .offset(let offset):
            guard offset >= 0, offset < lineCount else { throw .lineNotFound(chip: description, line: line.description) }
            return offset
        case .name(let lineName):
            errno = 0
            let offset = lineName.withCString { pump_gpio_chip_find_line(handle, $0) }
            guard offset >= 0 else {
                let code = errno
                if code == ENOENT || code == EINVAL { throw .lineNotFound(chip: description, line: lineName) }
                throw .gpio(operation: "find line", line: "\(description) line \(lineName)", errno: code)
            }
            return Int(offset)
        }
    }

    /// Resolves `spec` to an offset and a description for messages, e.g.
    /// "STEP (gpiochip0 line MOTOR_STEP, offset 17)".
    func resolve(_ spec: GPIOLineSpec, role: String) throws(HardwareError) -> GPIOResolvedLine {
        let offset = try offset(of: spec.selector)
        let label: String =
            switch spec.selector {
            case .name(let lineName): "\(role) (\(name) line \(lineName), offset \(offset))"
            case .offset: "\(role) (\(name) line \(offset))"
            }
        return GPIOResolvedLine(spec: spec, offset: offset, label: label)
    }

    /// 1 when built against libgpiod 0.x/1.x (kernel GPIO uAPI v1), 2 for libgpiod 2.x (uAPI v2).
    public static var libgpiodAPIVersion: Int { Int(pump_gpio_api_version()) }

    /// The linked libgpiod's version string, e.g. "1.6.3".
    public static var libgpiodVersion: String { String(cString: pump_gpio_library_version()) }

    /// Whether inputs can use the kernel's debounce (libgpiod 2.x on Linux ≥ 5.10). Without it
    /// `GPIOBinaryInput` debounces in software.
    public static var hasKernelDebounce: Bool { pump_gpio_has_kernel_debounce() }
}

/// A line resolved on a chip: its spec, offset and the text naming it in errors.
struct GPIOResolvedLine {
    var spec: GPIOLineSpec
    var offset: Int
    var label: String
}
