import Varlink
import VarlinkCodable

extension VarlinkParameters {
    /// The required member `name` decoded as `T` in its wire form (the core's Codable
    /// conformances), members `T` does not have refused: every problem is an
    /// `io.pumpd.Pump.InvalidValue` naming the field, e.g. `prescription.basal.flex.everyDay.steps[1].rate`.
    func decoded<T: Codable>(_ name: String, as type: T.Type) throws(VarlinkError) -> T {
        let value = try required(name, as: JSONValue.self)
        do {
            return try WireCoding.decode(T.self, from: value, at: path(of: name))
        } catch {
            throw PumpErrors.invalidValue(error)
        }
    }
}
