import ArgumentParser
import PumpVersion

/// The root command: help, and the subcommands.
struct PumpctlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pumpctl",
        abstract: "Programmer CLI for pumpd: status, programs, boluses, refills, alarms and history.",
        discussion: """
            pumpctl talks Varlink (interface io.pumpd.Pump) to pumpd's control socket. What you may do \
            depends on your role (observer, operator, clinician), which pumpd derives from your user.

            Quantities take their unit and are converted exactly to the integers pumpd counts in; a value \
            that does not convert exactly (0.0001nl) is refused, never rounded:
              mass           250ng  500ug  0.5mg                  (pumpd counts ng)
              volume         250nl  1.5ul  20ml                   (nL)
              concentration  2000ug/ml  2mg/ml                    (µg/mL)
              dose rate      500ug/day  20ug/h                    (ng/day)
              duration       30s  10min  2h  1d  1h30min          (s)
            Flex schedules are steps START=RATE separated by commas (pumpctl program --help):
              --flex 00:00=400ug/day,08:00=600ug/day
              --flex-on saturday=00:00=300ug/day,12:00=500ug/day
            Times (history and alarms --since/--until) read as journalctl's do: 2026-12-04 11:00 or a date \
            alone in this machine's zone, 11:00 (today), now, today, yesterday, tomorrow, -1h or 1h ago \
            (before pumpd's now; a bare 24h too), +30min (after it), @1796374800 (Unix seconds) or RFC 3339 \
            (2026-11-21T08:30:00+01:00). Local times the clocks skip or repeat are refused.

            Environment: PUMPD_SOCKET names the control socket when --socket is not given (default \
            /run/pumpd/control.sock); NO_COLOR (any value) or TERM=dumb turn colour off under --color auto.

            Exit status:
            \(PumpctlExit.helpTable)
            """,
        version: PumpVersion.number,
        subcommands: [
            StatusCommand.self, PrescriptionCommand.self, ProgramCommand.self, RefillCommand.self, FirstFillCommand.self,
            BolusCommand.self,
            PrimeCommand.self, CalibrateCommand.self, StopCommand.self, ResumeCommand.self, AlarmsCommand.self,
            AcknowledgeCommand.self, HistoryCommand.self, WatchCommand.self, ReloadCommand.self,
        ])

    @OptionGroup var global: GlobalOptions
}
