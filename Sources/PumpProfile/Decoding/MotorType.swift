/// `motor.type` as written.
enum MotorType: String, CaseIterable {
    case stepper
    case peristaltic
}
