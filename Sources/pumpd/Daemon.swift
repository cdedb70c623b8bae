import ArgumentParser
import Foundation
import PumpControl
import PumpCore
import PumpHardware
import PumpProfile

/// The running daemon: one therapy session on one rig, its real-time loop, and the main thread
/// waiting for signals. SIGINT and SIGTERM stop delivery and leave the motor disabled before exit.
struct Daemon {
    let profile: HardwareProfile
    let assembly: RigAssembly
    let drug: Drug

    func run(dailyDose: MassRate?, statusEvery: Int64, runFor: Int64) throws {
        // Block the stop signals in every thread (the loop thread inherits the mask), so the main
        // thread alone takes them with sigtimedwait.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)

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
            onEvents: { events in for event in events { log("pumpd: \(event.time): \(event.kind)") } },
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
                do { try session.commit(prescription, at: now) } catch { log("pumpd: program refused: \(error)") }
            }
        } else {
            log("pumpd: no program; delivery idle (--daily-dose µg/day starts a simple continuous program)")
        }
        let stopAt = runFor > 0 ? Date().addingTimeInterval(TimeInterval(runFor)) : .distantFuture
        while Date() < stopAt {
            var timeout = timespec(tv_sec: Int(min(statusEvery, max(1, Int64(stopAt.timeIntervalSinceNow.rounded(.up))))), tv_nsec: 0)
            let caught = sigtimedwait(&signals, nil, &timeout)
            if caught == SIGINT || caught == SIGTERM {
                log("pumpd: signal \(caught): stopping")
                break
            }
            log("pumpd: \(loop.snapshot), \(loop.latenessSummary)")
        }
        loop.stop()
        log("pumpd: stopped; motor disabled; \(loop.snapshot)")
    }
}
