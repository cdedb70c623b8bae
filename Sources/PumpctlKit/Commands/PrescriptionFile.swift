#if canImport(Glibc)
import Glibc
#endif
import PumpCore
import Varlink
import VarlinkCodable

/// A prescription file, in either of two forms:
/// - TOML with units (`PrescriptionDocument`), as `pumpctl prescription --export` writes it: read
///   here into the prescription, errors naming the line, column and key;
/// - the `Prescription` JSON object exactly as io.pumpd.Pump defines it, in wire units (a file
///   whose first character is `{`): checked for shape by decoding it as pumpd does (unknown
///   members refused) and sent as written, so pumpd validates exactly what the file says.
/// Either way a mistake is a usage error before pumpd is asked.
struct PrescriptionFile {
    /// The largest file read.
    static let maximumBytes = 1 << 20

    let path: String
    let object: JSONObject
    let prescription: Prescription

    init(path: String) throws(PumpctlFailure) {
        self.path = path
        let bytes = try Self.read(path)
        if bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) != UInt8(ascii: "{") {
            do {
                prescription = try PrescriptionDocument.parse(String(decoding: bytes, as: UTF8.self))
            } catch {
                throw .usage("prescription file \(path):\(error) (see pumpctl program --help and the README's prescription files)")
            }
            object = WireCoding.encode(prescription).objectValue ?? [:]
            return
        }
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

    /// Writes `text` to `path` (created or replaced, mode 0644), or to the console's stdout for `-`.
    static func write(_ text: String, to path: String, console: Console) throws(PumpctlFailure) {
        if path == "-" { return console.write(text) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .usage("cannot write prescription file \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + sent, $0.count - sent) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw PumpctlFailure(.transport, "cannot write prescription file \(path): \(String(cString: strerror(errno)))") }
            sent += count
        }
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
