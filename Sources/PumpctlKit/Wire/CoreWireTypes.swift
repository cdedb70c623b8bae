public import PumpCore
public import PumpWire
public import Varlink
import VarlinkCodable

// The core's prescription types and PumpWire's reply structures are io.pumpd.Pump's wire form
// (their Codable conformances, the ones pumpd encodes and decodes with), so pumpctl reads them from
// replies as they are, with no copy of its own.
extension Prescription: VarlinkParameterDecodable {}
extension Drug: VarlinkParameterDecodable {}
extension WireStatus: VarlinkParameterDecodable {}
extension WireAlarm: VarlinkParameterDecodable {}
extension WireAlarmRecord: VarlinkParameterDecodable {}
extension WireTask: VarlinkParameterDecodable {}
extension WireProgramSummary: VarlinkParameterDecodable {}
extension WireComparisonRow: VarlinkParameterDecodable {}
extension WireViolation: VarlinkParameterDecodable {}
extension WireWarning: VarlinkParameterDecodable {}
extension WireEvent: VarlinkParameterDecodable {}
extension WireHourlyDelivery: VarlinkParameterDecodable {}
extension WireRefillResult: VarlinkParameterDecodable {}
extension WireBridge: VarlinkParameterDecodable {}
extension WireSelfCheck: VarlinkParameterDecodable {}

extension VarlinkParameterDecodable where Self: Codable {
    /// Decodes a reply's field through the type's Codable wire form. Members the type does not
    /// have are let pass, as everywhere pumpctl reads a reply, so a newer pumpd's additions do not
    /// break it; any other problem is `invalidParameter` naming the field, e.g. `active.basal.rate`
    /// or `status.reservoir.remaining`.
    public static func decode(_ value: JSONValue, at path: String) throws(VarlinkError) -> Self {
        do {
            return try WireCoding.decode(Self.self, from: value, at: path, rejectingUnknownMembers: false)
        } catch {
            throw .invalidParameter(error.field)
        }
    }
}
