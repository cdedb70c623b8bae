import ArgumentParser
import Foundation
import PumpControl
import PumpCore
import PumpHardware
import PumpProfile

/// The running daemon: one therapy session on one rig, its real-time loop, and the main thread
/// waiting for signals and writing the log. SIGINT, SIGTERM, SIGHUP and SIGQUIT stop delivery and
/// leave the motor disabled before exit; SIGPIPE is ignored, so a closed log pipe cannot kill it.
struct Daemon {
    let profile: HardwareProfile
    let assembly: RigAssembly
    let drug: Drug

    func run(dailyDose: MassRate?, statusEvery: Int64, runFor: Int64) throws {
        // Block the stop signals in every thread (the loop thread inherits the mask), so the main
        // thread alone takes them with sigtimedwait.
        signal(SIGPIPE, SIG_IGN)
        var signals = sigset_t()
        sigemptyset(&signals)
        for stop in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&signals, stop) }
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let eventLog = DaemonLog()

        let start = assembly.clock.now()
        let session = TherapySession(
            rig: profile.rigConfiguration,
            fill: ReservoirFill(volume: profile.reservoir.capacity, drug: drug, filledAt: start.wall, position: 0),
            pathPrimed: true, battery: profile.batteryThresholds, clock: start)
        let cycle = ControlCycle(session: session, rig: assembly.io, settings: assembly.settings)
        let loop = RealtimeLoop(
            cycle: cycle, clock: assembly.clock,
            options: .init(
                priority: profile.realtime.priority > 0 ? Int32(profile.realtime.priority) : nil,
                lockMemory: profile.realtime.lockMemory, holdCPUWakeLatency: profile.realtime.priority > 0),
            onEvents: { eventLog.enqueue($0) },
            onWarning: { log("pumpd: warning: \($0)") })
        log("pumpd: \(profile.name) (\(profile.file)), step \(profile.motor.stepVolume), "
            + (assembly.simulated != nil ? "simulated" : "GPIO") + " rig")
        do { try loop.start() } catch {
            log("pumpd: the motor could not be put in its safe state: \(error)")
            throw ExitCode(3)
        }
        if let dailyDose {
            let prescription = Prescription(
                drug: drug, basal: .continuous(dailyDose),
                limits: DoseLimits(
                    maximumDailyDose: dailyDose.mass(over: .day) + .micrograms(1),
                    maximumHourlyDose: dailyDose.mass(over: .hour) + .micrograms(1), maximumBolus: .micrograms(100)),
                lowReservoirAlarm: .millilitres(2))
            loop.inbox.enqueue { session, now in
                do { try session.commit(prescription, at: now) } catch { eventLog.enqueue(line: "pumpd: program refused: \(error)") }
            }
        } else {
            log("pumpd: no program; delivery idle (--daily-dose µg/day starts a simple continuous program)")
        }
        let stopAt = runFor > 0 ? Date().addingTimeInterval(TimeInterval(runFor)) : .distantFuture
        var nextStatus = Date().addingTimeInterval(TimeInterval(statusEvery))
        while Date() < stopAt {
            var timeout = timespec(tv_sec: 0, tv_nsec: 200_000_000)  // the log is written within 0.2 s
            let caught = sigtimedwait(&signals, nil, &timeout)
            eventLog.flush()
            if caught > 0 {
                log("pumpd: signal \(caught): stopping")
                break
            }
            if Date() >= nextStatus {
                log("pumpd: \(loop.snapshot), \(loop.latenessSummary)")
                nextStatus = nextStatus.addingTimeInterval(TimeInterval(statusEvery))
            }
        }
        loop.stop()
        eventLog.flush()
        log("pumpd: stopped; motor disabled; \(loop.snapshot)")
    }
}
