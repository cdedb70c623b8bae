public import Varlink

/// `Battery`: voltage, level and the predicted elective-replacement time.
public struct WireBattery: WireRecord, Hashable {
    public var millivolts: Int64?
    /// good, elective_replacement or end_of_service.
    public var level: String
    public var electiveReplacementAt: String?

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        millivolts = try fields.optional("millivolts")
        level = try fields.required("level")
        electiveReplacementAt = try fields.optional("electiveReplacementAt")
    }

    /// `good, 3600 mV, elective replacement by 2027-…`.
    public var text: String {
        var parts = [level.replacingUnderscores.replacing("-", with: " ")]
        if let millivolts { parts.append("\(millivolts) mV") }
        if let electiveReplacementAt { parts.append("elective replacement by \(electiveReplacementAt)") }
        return parts.joined(separator: ", ")
    }
}
