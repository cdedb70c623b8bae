#if canImport(Glibc)
import Glibc
#endif
import Testing

@testable import PumpHardware

/// What can be tested honestly on a machine without GPIO chips (no /dev/gpiochip*, no gpio-sim):
/// the real libgpiod calls failing the way an operator would see. Whether the C shim picks the
/// libgpiod v1 or v2 branch and builds on both is proved by scripts/check-gpiod-v2.sh, not by a
/// fake backend here.
@Suite("GPIO chips through libgpiod, without GPIO hardware")
struct GPIOChipTests {
    @Test("a missing chip path throws chipNotFound naming the path")
    func missingPath() {
        let path = "/dev/pumpd-test-no-such-gpiochip"
        #expect(throws: HardwareError.chipNotFound(path)) { try GPIOChip(.path(path)) }
        #expect(HardwareError.chipNotFound(path).description == "GPIO chip \(path) not found")
    }

    @Test("a missing chip name throws chipNotFound naming the name")
    func missingName() {
        #expect(throws: HardwareError.chipNotFound("gpiochip-pumpd-test-missing")) {
            try GPIOChip(.name("gpiochip-pumpd-test-missing"))
        }
    }

    @Test("a label no chip carries throws chipNotFound naming the label")
    func missingLabel() {
        let label = "pumpd-test-no-such-label"
        do {
            _ = try GPIOChip(.label(label))
            Issue.record("opened a chip labelled \(label)")
        } catch {
            #expect(error == .chipNotFound("label \"\(label)\""))
            #expect(error.description.contains(label))
        }
    }

    @Test("a chip name holding a slash is refused with EINVAL, and the message says so")
    func invalidName() {
        do {
            _ = try GPIOChip(.name("../null"))
            Issue.record("opened ../null as a chip name")
        } catch {
            #expect(error == .gpio(operation: "open chip", line: "../null", errno: EINVAL))
            #expect(error.description == "GPIO open chip on ../null failed: invalid argument (EINVAL)")
        }
    }

    @Test("a device that is not a GPIO chip fails with libgpiod's errno in the message")
    func notAChip() {
        do {
            _ = try GPIOChip(.path("/dev/null"))
            Issue.record("opened /dev/null as a GPIO chip")
        } catch {
            // libgpiod 1.6 checks the ioctl (ENOTTY), 2.x the sysfs subsystem (ENODEV).
            guard case .gpio("open chip", "/dev/null", let code) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(code == ENOTTY || code == ENODEV)
            #expect(error.description.contains("/dev/null"))
            #expect(error.description.hasSuffix(HardwareError.errnoText(code)))
        }
    }

    @Test("the shim's libgpiod branch matches the linked library")
    func branchMatchesLibrary() {
        let api = GPIOChip.libgpiodAPIVersion
        let version = GPIOChip.libgpiodVersion
        #expect(api == 1 || api == 2)
        #expect(!version.isEmpty)
        #expect((version.hasPrefix("0.") || version.hasPrefix("1.")) == (api == 1), "libgpiod \(version) with API branch \(api)")
        #expect(GPIOChip.hasKernelDebounce == (api == 2))
    }

    @Test("selectors and line specs describe themselves for messages")
    func descriptions() {
        #expect(GPIOChipSelector.path("/dev/gpiochip0").description == "/dev/gpiochip0")
        #expect(GPIOChipSelector.name("gpiochip1").description == "gpiochip1")
        #expect(GPIOChipSelector.label("pinctrl-bcm2711").description == "label \"pinctrl-bcm2711\"")
        #expect(GPIOLineSelector.name("MOTOR_STEP").description == "MOTOR_STEP")
        #expect(GPIOLineSelector.offset(17).description == "17")
        let spec = GPIOLineSpec(.name("MOTOR_EN"), activeLow: true)
        #expect(spec.description == "MOTOR_EN (active low)")
        #expect(spec.bias == .asIs && spec.drive == .pushPull)
    }
}
