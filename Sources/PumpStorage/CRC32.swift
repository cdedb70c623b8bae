/// CRC-32 (IEEE 802.3, the zlib polynomial). SQLite keeps no checksums of its own, so a bit that
/// rots inside a stored value passes `integrity_check`; the checkpoint ring uses this to notice.
struct CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
        }
        return value
    }

    private(set) var value: UInt32 = 0xFFFF_FFFF

    mutating func add<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        for byte in bytes {
            value = Self.table[Int((value ^ UInt32(byte)) & 0xFF)] ^ (value >> 8)
        }
    }

    mutating func add(_ number: Int64) {
        withUnsafeBytes(of: number.littleEndian) { add($0) }
    }

    /// Adds a string's length then its UTF-8 bytes, so field boundaries count.
    mutating func add(_ text: String) {
        add(Int64(text.utf8.count))
        add(text.utf8)
    }

    var checksum: UInt32 { value ^ 0xFFFF_FFFF }
}
