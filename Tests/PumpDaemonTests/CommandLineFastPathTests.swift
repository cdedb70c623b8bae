import ArgumentParser
import Testing

@testable import pumpd

/// pumpd's own reading of ordinary command lines gives exactly the command ArgumentParser gives,
/// and leaves everything else (help, version, errors, unusual spellings) to ArgumentParser.
@Suite struct CommandLineFastPathTests {
    /// Every property with its parsed value, as the property wrappers print it (an unset one
    /// prints as its `*definition*`).
    static func fields(_ command: PumpDaemon) -> [String] {
        Mirror(reflecting: command).children.map { "\($0.label ?? "?")=\($0.value)" }
    }

    static func kebab(_ property: String) -> String {
        "--" + property.dropFirst().map { $0.isUppercase ? "-" + $0.lowercased() : String($0) }.joined()
    }

    /// One value of each option that pumpd accepts, and the flag.
    static let accepted: [[String]] = [
        ["--profile", "hw-profiles/sim.toml"], ["--check-profile", "some.toml"], ["--state-dir", "/tmp/state"],
        ["--accept-restored-state"], ["--runtime-dir", "/tmp/run"], ["--socket", "/tmp/run/control.sock"],
        ["--socket-group", "0"], ["--metrics-file", "/tmp/pumpd.prom"], ["--metrics-interval", "30"],
        ["--daily-dose", "500ug/day"], ["--drug", "morphine"], ["--concentration", "2mg/ml"],
        ["--status-interval", "5"], ["--run-for", "7"],
    ]
    static let virtualClock = [["--clock", "virtual"], ["--virtual-start", "2026-01-05T08:00:00Z"], ["--virtual-monotonic", "123"]]
    static let realClock = [["--clock", "real"], ["--time-scale", "60"]]

    @Test func everyOptionOfPumpdIsKnownToTheFastPath() {
        #expect(Set(CommandLineFastPath.optionNames).count == CommandLineFastPath.optionNames.count)
        let properties = Set(Mirror(reflecting: PumpDaemon()).children.compactMap { $0.label.map(Self.kebab) })
        #expect(properties == Set(CommandLineFastPath.optionNames + [CommandLineFastPath.flagName]))
    }

    /// The values the fast path fills are the command's options, field for field, defaults included.
    @Test func theOptionsAreThePropertiesOfTheCommandWithTheirDefaults() throws {
        let properties = Mirror(reflecting: PumpDaemon()).children.map { $0.label.map { String($0.dropFirst()) } }
        #expect(Mirror(reflecting: DaemonOptions()).children.map(\.label) == properties)
        let parsed = try #require(try PumpDaemon.parseAsRoot([]) as? PumpDaemon)
        #expect(parsed.options == DaemonOptions())
    }

    @Test(arguments: [
        [],
        ["--profile", "hw-profiles/sim.toml", "--state-dir", "/tmp/state", "--socket", "/tmp/control.sock"],
        Self.accepted.flatMap { $0 } + Self.virtualClock.flatMap { $0 },
        Self.accepted.reversed().flatMap { $0 } + Self.realClock.flatMap { $0 },
        ["--daily-dose", "20ug/h", "--concentration", "2000ug/ml", "--run-for", "0"],
    ])
    func anOrdinaryCommandLineGivesWhatArgumentParserGives(arguments: [String]) throws {
        let fast = try #require(CommandLineFastPath.parse(arguments))
        let parsed = try #require(try PumpDaemon.parseAsRoot(arguments) as? PumpDaemon)
        #expect(fast == parsed.options)
        #expect(!Self.fields(parsed).contains { $0.contains("*definition*") })
    }

    @Test func shuffledSubsetsOfTheOptionsGiveWhatArgumentParserGives() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let clock = Bool.random(using: &generator) ? Self.virtualClock : Self.realClock
            let arguments = (Self.accepted + clock).filter { _ in Bool.random(using: &generator) }.shuffled(using: &generator)
            let usesVirtualOnlyOptions = arguments.contains { $0[0].hasPrefix("--virtual-") } && !arguments.contains(["--clock", "virtual"])
            let line = arguments.flatMap { $0 }
            guard !usesVirtualOnlyOptions else {
                #expect(CommandLineFastPath.parse(line) == nil, "\(line)")
                continue
            }
            let fast = try #require(CommandLineFastPath.parse(line), "\(line)")
            let parsed = try #require(try PumpDaemon.parseAsRoot(line) as? PumpDaemon)
            #expect(fast == parsed.options, "\(line)")
        }
    }

    @Test(arguments: [
        ["--help"], ["-h"], ["--version"], ["--generate-completion-script", "bash"], ["--experimental-dump-help"],
        ["--profile=hw-profiles/sim.toml"], ["--profile"], ["--profile", "a", "--profile", "b"], ["hw-profiles/sim.toml"],
        ["--accept-restored-state", "--accept-restored-state"], ["--run-for", "-1"], ["--time-scale", "0"],
        ["--metrics-interval", "abc"], ["--daily-dose", "500"], ["--concentration", "2000"], ["--clock", "virtual", "--time-scale", "5"],
        ["--virtual-start", "2026-01-05T08:00:00Z"], ["--socket-group", "no-such-group-pumpd"], ["--drug", ""], ["--", "--profile", "x"],
        ["--state-dir", "-"],
    ])
    func anythingElseIsLeftToArgumentParser(arguments: [String]) {
        #expect(CommandLineFastPath.parse(arguments) == nil)
    }
}
