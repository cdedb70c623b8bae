public import Varlink

/// `Rig`: the rig's name and profile, whether it is simulated, and its clock.
public struct WireRig: WireRecord, Hashable {
    public var name: String
    public var profile: String
    public var simulated: Bool
    /// real, accelerated or virtual.
    public var clock: String

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        name = try fields.required("name")
        profile = try fields.required("profile")
        simulated = try fields.required("simulated")
        clock = try fields.required("clock")
    }

    /// `bench-1 (hw-profiles/sim.toml, simulated, virtual clock)`.
    public var text: String { "\(name) (\(profile), \(simulated ? "simulated" : "hardware"), \(clock) clock)" }
}
