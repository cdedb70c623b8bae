extension StorageTransaction {
    /// Records a committed program, which becomes the active one (the one active until now
    /// becomes the previous). Returns its id. Programs are history: never changed or removed.
    ///
    /// - Parameters:
    ///   - document: the program, a JSON document.
    ///   - summary: the summary the clinician confirmed, a JSON document.
    ///   - confirmationToken: the token of that confirmation; not empty.
    ///   - committedAtWallNanoseconds: wall-clock time of the commit, nanoseconds since the epoch.
    ///   - actor: who committed it.
    @discardableResult
    public func commitPrescription(
        document: String, summary: String, confirmationToken: String, committedAtWallNanoseconds: Int64,
        actor: ChangeActor
    ) throws(StorageError) -> Int64 {
        try Validation.nonEmpty(confirmationToken, "confirmationToken")
        try Validation.actor(actor, "actor")
        try requireJSON(document, field: "document")
        try requireJSON(summary, field: "summary")
        let arguments = self.arguments([committedAtWallNanoseconds, document, summary, confirmationToken], actor: actor)
        return try run { db in
            try db.execute(
                sql: """
                    INSERT INTO prescriptions (committed_at_ns, document, summary, confirmation_token,
                        actor_uid, actor_pid, actor_role)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: arguments)
            return db.lastInsertedRowID
        }
    }

    /// Records a reservoir refill and returns its id.
    ///
    /// Volumes in nanolitres, concentration in µg/mL. `volumeNanolitres` and the concentration
    /// must be positive, the withdrawn and expected volumes not negative; the discrepancy
    /// (withdrawn − expected) may have either sign.
    @discardableResult
    public func recordFill(
        filledAtWallNanoseconds: Int64, volumeNanolitres: Int64, drugName: String,
        concentrationMicrogramsPerMillilitre: Int64, withdrawnNanolitres: Int64?, expectedRemainingNanolitres: Int64?,
        discrepancyNanolitres: Int64?, actor: ChangeActor
    ) throws(StorageError) -> Int64 {
        try Validation.positive(volumeNanolitres, "volumeNanolitres")
        try Validation.nonEmpty(drugName, "drugName")
        try Validation.positive(concentrationMicrogramsPerMillilitre, "concentrationMicrogramsPerMillilitre")
        try Validation.nonNegative(withdrawnNanolitres, "withdrawnNanolitres")
        try Validation.nonNegative(expectedRemainingNanolitres, "expectedRemainingNanolitres")
        try Validation.actor(actor, "actor")
        let values: [(any DatabaseValueConvertible)?] = [
            filledAtWallNanoseconds, volumeNanolitres, drugName, concentrationMicrogramsPerMillilitre,
            withdrawnNanolitres, expectedRemainingNanolitres, discrepancyNanolitres,
        ]
        let arguments = self.arguments(values, actor: actor)
        return try run { db in
            try db.execute(
                sql: """
                    INSERT INTO fills (filled_at_ns, volume_nl, drug_name, concentration_ug_per_ml, withdrawn_nl,
                        expected_remaining_nl, discrepancy_nl, actor_uid, actor_pid, actor_role)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: arguments)
            return db.lastInsertedRowID
        }
    }

    /// Records a new calibrated step volume (picolitres, > 0) and the one it replaces; returns
    /// its id.
    @discardableResult
    public func recordCalibration(
        atWallNanoseconds: Int64, stepVolumePicolitres: Int64, previousStepVolumePicolitres: Int64, actor: ChangeActor
    ) throws(StorageError) -> Int64 {
        try Validation.positive(stepVolumePicolitres, "stepVolumePicolitres")
        try Validation.positive(previousStepVolumePicolitres, "previousStepVolumePicolitres")
        try Validation.actor(actor, "actor")
        let arguments = self.arguments([atWallNanoseconds, stepVolumePicolitres, previousStepVolumePicolitres], actor: actor)
        return try run { db in
            try db.execute(
                sql: """
                    INSERT INTO calibrations (at_ns, step_volume_pl, previous_step_volume_pl,
                        actor_uid, actor_pid, actor_role)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: arguments)
            return db.lastInsertedRowID
        }
    }
}
