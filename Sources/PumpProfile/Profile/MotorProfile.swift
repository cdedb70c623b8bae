public import PumpCore

/// The pump motor: what one unit (a step, or an encoder pulse) delivers, how fast units may come,
/// and the drive's own timing and wiring.
public struct MotorProfile: Hashable, Sendable {
    /// Volume of one STEP pulse (stepper) or one encoder pulse (peristaltic).
    public var stepVolume: StepVolume
    /// Highest step (or encoder pulse) rate the motor and driver sustain.
    public var maximumStepsPerSecond: Int64
    public var drive: MotorDrive
    /// Motion verification and stall retry (issue 14, motion).
    public var motion: MotionProfile

    public init(stepVolume: StepVolume, maximumStepsPerSecond: Int64, drive: MotorDrive, motion: MotionProfile = .none) {
        self.motion = motion
        self.stepVolume = stepVolume
        self.maximumStepsPerSecond = maximumStepsPerSecond
        self.drive = drive
    }

    /// Whether the motor can run backwards, which bounded pressure relief needs. A stepper always
    /// can; a peristaltic pump only with a direction line (or when simulated).
    public var isReversible: Bool {
        switch drive {
        case .stepper: true
        case .peristaltic(let drive): drive.lines.map { $0.direction != nil } ?? true
        }
    }
}
