/// Decoding of stored rows into records. Every column goes through the throwing `decode`, so a
/// value that does not match the schema surfaces as `StorageError.damaged`, never as a crash.
extension Row {
    func int64(_ column: String) throws -> Int64 {
        try decode(Int64.self, forColumn: column)
    }

    func optionalInt64(_ column: String) throws -> Int64? {
        try decode(Int64?.self, forColumn: column)
    }

    func text(_ column: String) throws -> String {
        try decode(String.self, forColumn: column)
    }

    func actor(prefix: String) throws -> ChangeActor? {
        guard
            let uid = try decode(Int64?.self, forColumn: prefix + "_uid"),
            let pid = try decode(Int64?.self, forColumn: prefix + "_pid"),
            let role = try decode(String?.self, forColumn: prefix + "_role")
        else { return nil }
        guard let uid = UInt32(exactly: uid), let pid = Int32(exactly: pid) else {
            throw StoredValueOutOfDomain(description: "\(prefix) uid \(uid) or pid \(pid) is out of range")
        }
        return ChangeActor(uid: uid, pid: pid, role: role)
    }

    func requiredActor(prefix: String) throws -> ChangeActor {
        guard let actor = try actor(prefix: prefix) else {
            throw StoredValueOutOfDomain(description: "required \(prefix) is missing")
        }
        return actor
    }

    func storedEvent() throws -> StoredEvent {
        let offset = try int64("utc_offset_s")
        guard let utcOffsetSeconds = Int32(exactly: offset) else {
            throw StoredValueOutOfDomain(description: "UTC offset \(offset) s is out of range")
        }
        return StoredEvent(
            sequence: try int64("sequence"), wallNanoseconds: try int64("wall_ns"),
            utcOffsetSeconds: utcOffsetSeconds, kind: try text("kind"), summary: try text("summary"),
            detail: try text("detail"), actor: try actor(prefix: "actor"))
    }

    func storedPrescription() throws -> StoredPrescription {
        StoredPrescription(
            id: try int64("id"), committedAtWallNanoseconds: try int64("committed_at_ns"),
            document: try text("document"), summary: try text("summary"),
            confirmationToken: try text("confirmation_token"), actor: try requiredActor(prefix: "actor"))
    }

    func storedFill() throws -> StoredFill {
        StoredFill(
            id: try int64("id"), filledAtWallNanoseconds: try int64("filled_at_ns"),
            volumeNanolitres: try int64("volume_nl"), drugName: try text("drug_name"),
            concentrationMicrogramsPerMillilitre: try int64("concentration_ug_per_ml"),
            withdrawnNanolitres: try optionalInt64("withdrawn_nl"),
            expectedRemainingNanolitres: try optionalInt64("expected_remaining_nl"),
            discrepancyNanolitres: try optionalInt64("discrepancy_nl"), actor: try requiredActor(prefix: "actor"))
    }

    func storedCalibration() throws -> StoredCalibration {
        StoredCalibration(
            id: try int64("id"), atWallNanoseconds: try int64("at_ns"),
            stepVolumePicolitres: try int64("step_volume_pl"),
            previousStepVolumePicolitres: try int64("previous_step_volume_pl"),
            actor: try requiredActor(prefix: "actor"))
    }

    func storedAlarm() throws -> StoredAlarm {
        StoredAlarm(
            id: try int64("id"), kind: try text("kind"), severity: try text("severity"),
            raisedAtWallNanoseconds: try int64("raised_at_ns"), evidence: try text("evidence"),
            clearedAtWallNanoseconds: try optionalInt64("cleared_at_ns"),
            acknowledgedAtWallNanoseconds: try optionalInt64("acknowledged_at_ns"),
            acknowledgedBy: try actor(prefix: "acknowledged_by"))
    }

    func hourlyDelivery() throws -> HourlyDelivery {
        HourlyDelivery(
            hourStartWallNanoseconds: try int64("hour_start_ns"), volumeNanolitres: try int64("volume_nl"),
            massNanograms: try int64("mass_ng"))
    }

    /// The checkpoint, its generation and whether its stored checksum matches its content.
    func storedCheckpoint() throws -> (checkpoint: StoredCheckpoint, generation: Int64, intact: Bool) {
        let checkpoint = StoredCheckpoint(
            savedAtWallNanoseconds: try int64("saved_at_wall_ns"),
            savedAtMonotonicNanoseconds: try int64("saved_at_monotonic_ns"), bootID: try text("boot_id"),
            positionPicolitres: try int64("position_pl"), stepsMoved: try int64("steps_moved"),
            document: try text("document"))
        let generation = try int64("generation")
        let intact = try int64("checksum") == Int64(CheckpointChecksum.of(checkpoint, generation: generation))
        return (checkpoint, generation, intact)
    }
}
