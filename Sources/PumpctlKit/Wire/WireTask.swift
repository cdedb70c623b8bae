public import Varlink

/// `Task`: a bolus or priming under way, planned and delivered in nL.
public struct WireTask: WireRecord, Hashable {
    /// singleBolus, patientBolus, periodicBolus or priming.
    public var kind: String
    public var planned: Int64
    public var delivered: Int64

    public init(kind: String, planned: Int64, delivered: Int64) {
        self.kind = kind
        self.planned = planned
        self.delivered = delivered
    }

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        kind = try fields.required("kind")
        planned = try fields.required("planned")
        delivered = try fields.required("delivered")
    }

    /// The kind in words: `single bolus`, `priming`.
    public var kindText: String { Self.words(kind) }

    /// camelCase in lower-case words: `patientBolus` → `patient bolus`.
    static func words(_ identifier: String) -> String {
        var text = ""
        for character in identifier {
            if character.isUppercase {
                text += " " + character.lowercased()
            } else {
                text.append(character)
            }
        }
        return text
    }
}
