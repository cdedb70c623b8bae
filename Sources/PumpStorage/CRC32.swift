/// CRC-32 (IEEE 802.3, the zlib polynomial). SQLite keeps no checksums of its own, so a bit that
/// rots inside a stored value passes `integrity_check`; the checkpoint ring uses this to notice.
///
/// Table-driven, eight bytes a round (slicing-by-8) over contiguous bytes: the seal digests every
/// row of its mutable tables at each write, and a byte-at-a-time loop through a lazily made global
/// table was an eighth of a virtual-clock soak (issue 13). The values are the same: they are
/// stored on disk. (Hardware crc32 instructions compute CRC-32C, another polynomial.)
struct CRC32 {
    /// Eight 256-entry tables, back to back: entry `k * 256 + b` is the CRC of byte `b` followed
    /// by `k` zero bytes.
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for index in 0..<256 {
            var value = UInt32(index)
            for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
            tables[index] = value
        }
        for index in 0..<256 {
            for slice in 1..<8 {
                let previous = tables[(slice - 1) * 256 + index]
                tables[slice * 256 + index] = tables[Int(previous & 0xFF)] ^ (previous >> 8)
            }
        }
        return tables
    }()

    private(set) var value: UInt32 = 0xFFFF_FFFF

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        guard var byte = bytes.baseAddress, !bytes.isEmpty else { return }
        var remaining = bytes.count
        var crc = value
        Self.tables.withUnsafeBufferPointer { t in
            while remaining >= 8 {
                let low = crc ^ UInt32(littleEndian: byte.loadUnaligned(as: UInt32.self))
                let high = UInt32(littleEndian: byte.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
                crc = t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                    ^ t[3 * 256 + Int(high & 0xFF)] ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ t[1 * 256 + Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
                byte += 8
                remaining -= 8
            }
            while remaining > 0 {
                crc = t[Int((crc ^ UInt32(byte.load(as: UInt8.self))) & 0xFF)] ^ (crc >> 8)
                byte += 1
                remaining -= 1
            }
        }
        value = crc
    }

    mutating func add<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        let done = bytes.withContiguousStorageIfAvailable { add(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { add($0) } }
    }

    mutating func add(_ number: Int64) {
        withUnsafeBytes(of: number.littleEndian) { add($0) }
    }

    /// Adds a string's length then its UTF-8 bytes, so field boundaries count.
    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            add(Int64(utf8.count))
            add(UnsafeRawBufferPointer(utf8))
        }
    }

    var checksum: UInt32 { value ^ 0xFFFF_FFFF }
}
