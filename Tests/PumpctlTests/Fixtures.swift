import PumpWire
import Varlink

/// Replies as pumpd sends them, in wire units.
enum Fixtures {
    static let drug: JSONValue = ["name": "baclofen", "concentration": 2000]

    static func status(
        mode: String = "running", alarms: [JSONValue] = [], task: JSONValue = nil, time: String = "2026-11-21T08:30:00+01:00", role: String = "clinician"
    ) -> JSONValue {
        [
            "time": .string(time), "mode": .string(mode), "stopCause": mode == "stopped" ? "clinician" : nil, "programmed": true,
            "rate": 250_000_000, "basalRate": 250_000_000, "doseRate": 500_000,
            "deliveredToday": 177_083, "deliveredTodayVolume": 88_541, "deliveredLastHour": 20_833, "deliveredLastDay": 500_000,
            "deliveredTotal": 12_300_000, "missedTotal": 0,
            "reservoir": [
                "drug": drug, "filledAt": "2026-11-20T09:00:00+01:00", "fillVolume": 20_000_000, "remaining": 18_250_000,
                "level": "ok", "lowReservoirAt": "2027-01-22T10:00:00+01:00", "emptyAt": nil,
            ],
            "battery": ["millivolts": 3600, "level": "good", "electiveReplacementAt": nil],
            "alarms": .array(alarms), "task": task, "stepVolume": 250_000, "stepsMoved": 354,
            "rig": ["name": "bench-1", "profile": "hw-profiles/sim.toml", "simulated": true, "clock": "virtual"],
            "callerRole": .string(role),
        ]
    }

    /// GetStatus's reply for a caller of `role`.
    static func statusReply(role: String = "clinician") -> FakePumpd.Answer { .reply(["status": status(role: role)]) }

    static let occlusion: JSONValue = [
        "kind": "occlusion", "severity": "critical", "raisedAt": "2026-11-21T08:10:00+01:00",
        "evidence": "pressure 1210 mmHg ≥ 1034 mmHg for 3 samples", "causePresent": true, "acknowledgedAt": nil,
        "causeClearedAt": nil, "clearCondition": "pressure below the threshold and a clinician acknowledges",
    ]

    /// An active occlusion alarm of `severity`, decoded.
    static func alarm(severity: String) -> WireAlarm {
        WireAlarm(
            kind: "occlusion", severity: severity, raisedAt: "2026-11-21T08:10:00+01:00", evidence: "pressure 1210 mmHg ≥ 1034 mmHg for 3 samples",
            causePresent: true, acknowledgedAt: nil, causeClearedAt: nil, clearCondition: "pressure below the threshold and a clinician acknowledges")
    }

    static func summary(daily: Int64) -> JSONValue {
        [
            "mode": "simple continuous", "drug": drug, "basalDailyDoseMin": .integer(daily), "basalDailyDoseMax": .integer(daily),
            "worstDayDose": .integer(daily), "worstHourDose": .integer(daily / 24), "worstDayVolume": .integer(daily / 2),
            "lowReservoirAt": "2027-01-22T10:00:00+01:00", "emptyAt": nil,
        ]
    }

    static let review: JSONObject = [
        "old": summary(daily: 400_000), "new": summary(daily: 500_000),
        "comparison": [
            ["label": "drug", "old": "baclofen 2000 µg/mL", "new": "baclofen 2000 µg/mL", "changed": false],
            ["label": "basal daily dose", "old": "400.000 µg", "new": "500.000 µg", "changed": true],
        ],
        "token": "tok-1", "expiresIn": 300,
    ]

    static let committed: JSONObject = ["summary": summary(daily: 500_000), "status": status()]

    static func task(_ kind: String, planned: Int64, delivered: Int64, finished: Bool) -> VarlinkReply {
        VarlinkReply(parameters: ["task": ["kind": .string(kind), "planned": .integer(planned), "delivered": .integer(delivered)], "finished": .bool(finished)])
    }

    /// The program flags of a simple continuous program.
    static let programFlags = [
        "--drug", "baclofen", "--concentration", "2000ug/ml", "--daily-dose", "500ug", "--max-daily-dose", "600ug",
        "--max-hourly-dose", "60ug", "--max-bolus", "50ug", "--low-reservoir", "2ml",
    ]
}
