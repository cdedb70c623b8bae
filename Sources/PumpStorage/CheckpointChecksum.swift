/// The checksum stored with each checkpoint: CRC-32 over the generation and every field.
enum CheckpointChecksum {
    static func of(_ checkpoint: StoredCheckpoint, generation: Int64) -> UInt32 {
        var crc = CRC32()
        crc.add(generation)
        crc.add(checkpoint.savedAtWallNanoseconds)
        crc.add(checkpoint.savedAtMonotonicNanoseconds)
        crc.add(checkpoint.bootID)
        crc.add(checkpoint.positionPicolitres)
        crc.add(checkpoint.stepsMoved)
        crc.add(checkpoint.document)
        return crc.checksum
    }
}
