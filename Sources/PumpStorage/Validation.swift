/// Domain checks shared by the writes; each throws `StorageError.invalidValue` naming the field.
enum Validation {
    /// The widest UTC offsets in use are −12:00 and +14:00; ±18:00 is the ISO 8601 bound.
    static let utcOffsetRange: ClosedRange<Int32> = -64_800...64_800

    static func nonEmpty(_ value: String, _ field: String) throws(StorageError) {
        if value.isEmpty { throw .invalidValue(field: field, reason: "it must not be empty") }
    }

    static func positive(_ value: Int64, _ field: String) throws(StorageError) {
        if value <= 0 { throw .invalidValue(field: field, reason: "\(value) must be greater than zero") }
    }

    static func nonNegative(_ value: Int64?, _ field: String) throws(StorageError) {
        if let value, value < 0 { throw .invalidValue(field: field, reason: "\(value) must not be negative") }
    }

    static func actor(_ actor: ChangeActor?, _ field: String) throws(StorageError) {
        if let actor { try nonEmpty(actor.role, field + ".role") }
    }

    static func utcOffset(_ seconds: Int32) throws(StorageError) {
        if !utcOffsetRange.contains(seconds) {
            throw .invalidValue(field: "utcOffsetSeconds", reason: "\(seconds) s is beyond ±18 hours")
        }
    }

    static func hourBoundary(_ wallNanoseconds: Int64) throws(StorageError) {
        if wallNanoseconds % HourlyDelivery.hourNanoseconds != 0 {
            throw .invalidValue(
                field: "hourStartWallNanoseconds",
                reason: "\(wallNanoseconds) ns is not the start of a UTC hour (a multiple of 3 600 000 000 000 ns)")
        }
    }

    static func limit(_ limit: Int?) throws(StorageError) {
        if let limit, limit < 0 { throw .invalidValue(field: "limit", reason: "\(limit) must not be negative") }
    }
}
