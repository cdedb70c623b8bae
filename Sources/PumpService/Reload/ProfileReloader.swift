import PumpHardware
public import PumpProfile
public import PumpStorage
public import Varlink
import Synchronization

/// Reloads the running profile from its file, for SIGHUP and io.pumpd.Pump.Reload alike (one
/// code path): loads it again (off the control loop's thread), judges it (``ProfileReload``),
/// applies what may change while delivery runs (``PumpService/applyReload(_:actor:detail:)``), or
/// refuses, saying why, changing nothing. Reloads run one at a time, in order (``ReloadQueue``).
/// The control loop is never blocked: it only takes the new thresholds between two wakes.
public final class ProfileReloader: Sendable {
    /// How a reload ended.
    public enum Outcome: Sendable, Equatable {
        /// The profile on disk is now in force; `changes` lists what changed (empty: nothing).
        case applied([ProfileReload.SettingChange])
        /// Nothing changed; `reason` says why, in words.
        case refused(reason: String)
    }

    /// The profile file a reload reads.
    public let path: String
    let service: PumpService
    private let running: Mutex<HardwareProfile>
    private let queue = ReloadQueue()
    private let log: @Sendable (String) -> Void
    /// Told `true` before a reload starts and `false` once it has ended (systemd's RELOADING=1
    /// and READY=1).
    private let phase: @Sendable (Bool) -> Void

    public init(
        path: String, running: HardwareProfile, service: PumpService, log: @escaping @Sendable (String) -> Void,
        phase: @escaping @Sendable (Bool) -> Void = { _ in }
    ) {
        self.path = path
        self.running = Mutex(running)
        self.service = service
        self.log = log
        self.phase = phase
    }

    /// The profile as last loaded or reloaded.
    public var profile: HardwareProfile { running.withLock { $0 } }

    /// Reloads the profile; `actor` is who the audit names, `detail` extra audit fields (who relayed
    /// the request). Waits for reloads asked for earlier.
    public func reload(actor: ChangeActor, detail: JSONObject = [:]) async -> Outcome {
        await queue.run { [self] in
            phase(true)
            defer { phase(false) }
            let outcome = await reloadNow(actor: actor, detail: detail)
            if case .refused(let reason) = outcome { log("pumpd: reload refused: \(reason) (asked by \(Self.asker(actor, detail)))") }
            return outcome
        }
    }

    /// Who asked, for the log: `uid 1000 pid 4242 (reload-requester; uid 1000 (login uid 1000) pid
    /// 4242: systemctl reload pumpd; relayed by uid 0 pid 77 (clinician))`.
    static func asker(_ actor: ChangeActor, _ detail: JSONObject) -> String {
        let relay = [detail["requester"]?.stringValue.map { "requester \($0)" }, detail["relayedBy"]?.stringValue.map { "relayed by \($0)" }]
            .compactMap { $0 }
        return "uid \(actor.uid) pid \(actor.pid) (\(actor.role))" + (relay.isEmpty ? "" : "; " + relay.joined(separator: "; "))
    }

    private func reloadNow(actor: ChangeActor, detail: JSONObject) async -> Outcome {
        let started = SystemClock.monotonicNanoseconds()
        let onDisk: HardwareProfile
        switch HardwareProfile.load(path: path) {
        case .failure(let errors): return .refused(reason: "the profile no longer loads; the running settings stay\n\(errors)")
        case .success(let loaded): onDisk = loaded
        }
        switch ProfileReload.judge(running: profile, onDisk: onDisk) {
        case .refused(let reason): return .refused(reason: reason)
        case .apply(let plan):
            do { try await service.applyReload(plan, actor: actor, detail: detail) } catch {
                return .refused(reason: "\(error); the running settings stay")
            }
            running.withLock { $0 = onDisk }
            let took = (SystemClock.monotonicNanoseconds() - started) / 1_000_000
            let changes = plan.changes.map { "\($0.setting) \($0.old) -> \($0.new)" }
            log("pumpd: reloaded \(path) in \(took) ms for \(Self.asker(actor, detail)): "
                + (changes.isEmpty ? "nothing changed" : changes.joined(separator: "; "))
                + (plan.access != nil ? " (access roles updated)" : "")
                + (plan.thresholds != nil ? " (sensor thresholds updated)" : ""))
            return .applied(plan.changes)
        }
    }
}
