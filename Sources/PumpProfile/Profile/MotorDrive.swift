/// Which kind of motor delivers the fluid, with what only that kind has.
public enum MotorDrive: Hashable, Sendable {
    case stepper(StepperDrive)
    case peristaltic(PeristalticDrive)
}
