import PumpControl
import PumpCore
import PumpWire

extension WireAnnunciation {
    init(_ snapshot: AnnunciationSnapshot) {
        self.init(
            priority: snapshot.priority?.rawValue, sound: snapshot.sound?.rawValue, soundReturnsAt: snapshot.soundReturnsAt?.description,
            silencedUntil: snapshot.silencedUntil?.description, testing: snapshot.testing,
            lastSelfTest: snapshot.lastSelfTest.map(WireSelfCheck.init), lastAlarmTest: snapshot.lastAlarmTest.map(WireSelfCheck.init))
    }
}

extension WireSelfCheck {
    init(_ report: SelfCheckReport) {
        self.init(
            kind: report.kind.rawValue, time: report.startedAt.description, passed: report.passed, interrupted: report.interrupted,
            durationMs: report.duration.nanoseconds / 1_000_000,
            items: report.items.map { WireSelfCheckItem(subject: $0.subject, outcome: $0.outcome.rawValue, evidence: $0.evidence) })
    }
}
