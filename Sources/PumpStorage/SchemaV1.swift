/// Schema version 1.
///
/// Tables are STRICT (a wrong type or an Int64 overflow turned REAL is refused, not stored) and
/// carry CHECK constraints for every domain rule the store enforces, so raw SQL cannot store what
/// the API would refuse. History tables have triggers that abort UPDATE and DELETE; tables that
/// must change (alarm state, hourly totals, the checkpoint ring) have triggers that allow only the
/// forward changes the API makes.
enum SchemaV1 {
    static let objects: [(type: String, name: String)] = [
        ("table", "events"), ("index", "events_by_wall_time"), ("index", "events_by_kind"),
        ("trigger", "events_no_update"), ("trigger", "events_no_delete"),
        ("table", "prescriptions"), ("trigger", "prescriptions_no_update"), ("trigger", "prescriptions_no_delete"),
        ("table", "fills"), ("trigger", "fills_no_update"), ("trigger", "fills_no_delete"),
        ("table", "calibrations"), ("trigger", "calibrations_no_update"), ("trigger", "calibrations_no_delete"),
        ("table", "alarms"), ("index", "alarms_one_open_per_kind"), ("index", "alarms_by_raised_time"),
        ("trigger", "alarms_only_clear_and_acknowledge"), ("trigger", "alarms_no_delete"),
        ("table", "hourly_delivery"), ("trigger", "hourly_delivery_only_grows"),
        ("trigger", "hourly_delivery_no_delete"),
        ("table", "checkpoints"), ("trigger", "checkpoints_only_advance"), ("trigger", "checkpoints_no_delete"),
    ]

    private static func appendOnly(_ table: String, _ what: String) -> String {
        """
        CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
        BEGIN SELECT RAISE(ABORT, 'pumpd: \(what) is append-only history; rows cannot be updated'); END;
        CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
        BEGIN SELECT RAISE(ABORT, 'pumpd: \(what) is append-only history; rows cannot be deleted'); END;
        """
    }

    /// The columns of a required actor (`prefix_uid`, `prefix_pid`, `prefix_role`).
    private static func actorColumns(_ prefix: String, required: Bool) -> String {
        let null = required ? " NOT NULL" : ""
        return """
            \(prefix)_uid INTEGER\(null) CHECK (\(prefix)_uid BETWEEN 0 AND 4294967295),
            \(prefix)_pid INTEGER\(null) CHECK (\(prefix)_pid BETWEEN -2147483648 AND 2147483647),
            \(prefix)_role TEXT\(null) CHECK (\(prefix)_role <> ''),
            CHECK ((\(prefix)_uid IS NULL) = (\(prefix)_pid IS NULL) AND (\(prefix)_pid IS NULL) = (\(prefix)_role IS NULL))
            """
    }

    static let sql = """
        CREATE TABLE events (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            wall_ns INTEGER NOT NULL,
            utc_offset_s INTEGER NOT NULL CHECK (utc_offset_s BETWEEN -64800 AND 64800),
            kind TEXT NOT NULL CHECK (kind <> ''),
            summary TEXT NOT NULL,
            detail TEXT NOT NULL CHECK (json_valid(detail)),
            \(actorColumns("actor", required: false))
        ) STRICT;
        CREATE INDEX events_by_wall_time ON events (wall_ns);
        CREATE INDEX events_by_kind ON events (kind, sequence);
        \(appendOnly("events", "the event log"))

        CREATE TABLE prescriptions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            committed_at_ns INTEGER NOT NULL,
            document TEXT NOT NULL CHECK (json_valid(document)),
            summary TEXT NOT NULL CHECK (json_valid(summary)),
            confirmation_token TEXT NOT NULL CHECK (confirmation_token <> ''),
            \(actorColumns("actor", required: true))
        ) STRICT;
        \(appendOnly("prescriptions", "the prescription history"))

        CREATE TABLE fills (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            filled_at_ns INTEGER NOT NULL,
            volume_nl INTEGER NOT NULL CHECK (volume_nl > 0),
            drug_name TEXT NOT NULL CHECK (drug_name <> ''),
            concentration_ug_per_ml INTEGER NOT NULL CHECK (concentration_ug_per_ml > 0),
            withdrawn_nl INTEGER CHECK (withdrawn_nl >= 0),
            expected_remaining_nl INTEGER CHECK (expected_remaining_nl >= 0),
            discrepancy_nl INTEGER,
            \(actorColumns("actor", required: true))
        ) STRICT;
        \(appendOnly("fills", "the fill history"))

        CREATE TABLE calibrations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at_ns INTEGER NOT NULL,
            step_volume_pl INTEGER NOT NULL CHECK (step_volume_pl > 0),
            previous_step_volume_pl INTEGER NOT NULL CHECK (previous_step_volume_pl > 0),
            \(actorColumns("actor", required: true))
        ) STRICT;
        \(appendOnly("calibrations", "the calibration history"))

        CREATE TABLE alarms (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL CHECK (kind <> ''),
            severity TEXT NOT NULL CHECK (severity <> ''),
            raised_at_ns INTEGER NOT NULL,
            evidence TEXT NOT NULL,
            cleared_at_ns INTEGER,
            acknowledged_at_ns INTEGER,
            \(actorColumns("acknowledged_by", required: false)),
            CHECK ((acknowledged_at_ns IS NULL) = (acknowledged_by_uid IS NULL))
        ) STRICT;
        CREATE UNIQUE INDEX alarms_one_open_per_kind ON alarms (kind)
            WHERE cleared_at_ns IS NULL OR acknowledged_at_ns IS NULL;
        CREATE INDEX alarms_by_raised_time ON alarms (raised_at_ns);
        CREATE TRIGGER alarms_only_clear_and_acknowledge BEFORE UPDATE ON alarms
        WHEN NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind OR NEW.severity IS NOT OLD.severity
            OR NEW.raised_at_ns IS NOT OLD.raised_at_ns OR NEW.evidence IS NOT OLD.evidence
            OR (OLD.cleared_at_ns IS NOT NULL AND NEW.cleared_at_ns IS NOT OLD.cleared_at_ns)
            OR (OLD.acknowledged_at_ns IS NOT NULL AND (NEW.acknowledged_at_ns IS NOT OLD.acknowledged_at_ns
                OR NEW.acknowledged_by_uid IS NOT OLD.acknowledged_by_uid
                OR NEW.acknowledged_by_pid IS NOT OLD.acknowledged_by_pid
                OR NEW.acknowledged_by_role IS NOT OLD.acknowledged_by_role))
        BEGIN SELECT RAISE(ABORT, 'pumpd: an alarm can only be cleared and acknowledged, once each'); END;
        CREATE TRIGGER alarms_no_delete BEFORE DELETE ON alarms
        BEGIN SELECT RAISE(ABORT, 'pumpd: the alarm history cannot be deleted'); END;

        CREATE TABLE hourly_delivery (
            hour_start_ns INTEGER PRIMARY KEY CHECK (hour_start_ns % 3600000000000 = 0),
            volume_nl INTEGER NOT NULL CHECK (volume_nl >= 0),
            mass_ng INTEGER NOT NULL CHECK (mass_ng >= 0)
        ) STRICT;
        CREATE TRIGGER hourly_delivery_only_grows BEFORE UPDATE ON hourly_delivery
        WHEN NEW.hour_start_ns IS NOT OLD.hour_start_ns
            OR NEW.volume_nl < OLD.volume_nl OR NEW.mass_ng < OLD.mass_ng
        BEGIN SELECT RAISE(ABORT, 'pumpd: delivery history can only grow'); END;
        CREATE TRIGGER hourly_delivery_no_delete BEFORE DELETE ON hourly_delivery
        BEGIN SELECT RAISE(ABORT, 'pumpd: delivery history cannot be deleted'); END;

        CREATE TABLE checkpoints (
            slot INTEGER PRIMARY KEY CHECK (slot BETWEEN 0 AND 7),
            generation INTEGER NOT NULL UNIQUE CHECK (generation > 0 AND generation % 8 = slot),
            saved_at_wall_ns INTEGER NOT NULL,
            saved_at_monotonic_ns INTEGER NOT NULL CHECK (saved_at_monotonic_ns >= 0),
            boot_id TEXT NOT NULL CHECK (boot_id <> ''),
            position_pl INTEGER NOT NULL,
            steps_moved INTEGER NOT NULL,
            document TEXT NOT NULL CHECK (json_valid(document)),
            checksum INTEGER NOT NULL CHECK (checksum BETWEEN 0 AND 4294967295)
        ) STRICT;
        CREATE TRIGGER checkpoints_only_advance BEFORE UPDATE ON checkpoints
        WHEN NEW.slot IS NOT OLD.slot OR NEW.generation <= OLD.generation
        BEGIN SELECT RAISE(ABORT, 'pumpd: a checkpoint slot can only be overwritten by a newer checkpoint'); END;
        CREATE TRIGGER checkpoints_no_delete BEFORE DELETE ON checkpoints
        BEGIN SELECT RAISE(ABORT, 'pumpd: checkpoints cannot be deleted'); END;
        """
}
