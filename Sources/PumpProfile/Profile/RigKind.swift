/// What drives the rig: software models only, or real hardware through GPIO and sysfs.
public enum RigKind: String, Hashable, Sendable, CaseIterable {
    /// Motor, reservoir, catheter, sensors and battery modelled in software: no GPIO, no sysfs.
    case simulated
    /// A motor driver and sensors on GPIO lines of one chip, analog channels in sysfs.
    case gpio
}
