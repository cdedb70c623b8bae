#if canImport(Glibc)
import Glibc
#endif
import PumpCore
import Varlink
import VarlinkCodable

/// A prescription file: the `Prescription` JSON object exactly as io.pumpd.Pump defines it, in
/// wire units. It is checked for shape here by decoding it as pumpd does (the core's wire form,
/// unknown members refused), so a typo is a usage error naming the field before pumpd is asked,
/// and sent as written, so pumpd validates exactly what the file says.
struct PrescriptionFile {
    /// The largest file read.
    static let maximumBytes = 1 << 20

    let path: String
    let object: JSONObject
    let prescription: Prescription

    init(path: String) throws(PumpctlFailure) {
        self.path = path
        let bytes = try Self.read(path)
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw .usage("prescription file \(path) is not valid JSON: \(error.description(in: bytes))")
        }
        guard let object = value.objectValue else {
            throw .usage("prescription file \(path) must hold one JSON object (a Prescription), not a \(value.typeName)")
        }
        do {
            prescription = try WireCoding.decode(Prescription.self, from: value, at: "")
        } catch {
            throw .usage("prescription file \(path): \(error) (see the Prescription type in io.pumpd.Pump.varlink; quantities are integers in ng, nL, µg/mL, ng/day and s)")
        }
        self.object = object
    }

    private static func read(_ path: String) throws(PumpctlFailure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .usage("cannot read prescription file \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw .usage("cannot read prescription file \(path): \(String(cString: strerror(errno)))")
            }
            bytes += chunk[..<count]
            if bytes.count > maximumBytes { throw .usage("prescription file \(path) is larger than \(maximumBytes) bytes") }
        }
    }
}
