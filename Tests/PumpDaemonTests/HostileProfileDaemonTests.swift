import Foundation
import PumpTestKit
import Testing
import Varlink

/// Hostile profiles against the real binary: `pumpd --check-profile` always exits with its
/// documented code (0 runs, 1 errors), never a crash, and a running pumpd refuses a hostile profile
/// on SIGHUP, logs why (with the line and column) and keeps delivering.
@Suite struct HostileProfileDaemonTests {
    static let seed: UInt64 = ProcessInfo.processInfo.environment["PUMPD_FUZZ_SEED"].flatMap { UInt64($0) }
        ?? UInt64.random(in: 0...UInt64.max)

    static func shipped(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: PumpDaemonProcessTests.repository.appendingPathComponent("hw-profiles/\(name).toml")))
    }

    /// A sample: the deepest nestings, bad UTF-8, and random mutations of the shipped profiles.
    static func samples() throws -> [(String, [UInt8])] {
        var random = SplitMix64(seed: seed)
        let names = ["sim", "rpi4-a4988", "rpi5-drv8825", "dc-peristaltic"]
        var samples: [(String, [UInt8])] = [
            ("arrays × 100000", HostileProfileText.nested(.arrays, depth: 100_000)),
            ("inline tables × 100000", HostileProfileText.nested(.inlineTables, depth: 100_000)),
            ("dotted key × 100000", HostileProfileText.nested(.dottedKey, depth: 100_000)),
            ("unclosed arrays × 1550", HostileProfileText.nested(.unclosedArrays, depth: 1_550)),
            ("sim with bad UTF-8", HostileProfileText.withInvalidUTF8(try shipped("sim"), using: &random).bytes),
        ]
        for index in 0..<8 {
            let name = names[index % names.count]
            let other = try shipped(names.randomElement(using: &random)!)
            samples.append(("\(name) mutation \(index)", HostileProfileText.mutated(try shipped(name), other: other, using: &random)))
        }
        return samples
    }

    @Test func checkProfileExitsWithItsDocumentedCodeForHostileProfiles() throws {
        print("HostileProfileDaemonTests seed \(Self.seed)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (index, (what, bytes)) in try Self.samples().enumerated() {
            let path = directory.appendingPathComponent("p\(index).toml").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let outcome = try PumpDaemonProcessTests.run(["--check-profile", path])
            #expect(!outcome.signalled && (outcome.status == 0 || outcome.status == 2), "\(what): \(outcome.status) \(outcome.output)")
            if outcome.status == 2 {
                // Every line of the report: `file:line:column: error: …`.
                for line in outcome.output.split(separator: "\n") {
                    #expect(line.hasPrefix("\(path):") && line.dropFirst(path.count + 1).firstMatch(of: #/^\d+:\d+: error: /#) != nil, "\(what): \(line)")
                }
            }
        }
    }

    @Test func aHostileProfileOnReloadIsRefusedAndDeliveryGoesOn() throws {
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        let profile = daemon.stateDirectory + "/reload.toml"
        let good = Array(try ShippedProfileText.text().utf8)
        try Data(good).write(to: URL(fileURLWithPath: profile))
        try daemon.start(extra: ["--profile", profile, "--clock", "virtual", "--daily-dose", "5000ug/day"], until: .delivering)
        var random = SplitMix64(seed: Self.seed)
        let hostile: [(String, [UInt8], String)] = [
            ("arrays × 100000", HostileProfileText.nested(.arrays, depth: 100_000), "\(profile):1:"),
            ("inline tables × 100000", HostileProfileText.nested(.inlineTables, depth: 100_000), "\(profile):1:"),
            ("bad UTF-8", HostileProfileText.withInvalidUTF8(good, using: &random).bytes, "not valid UTF-8"),
        ]
        var refusals = 0
        for (what, bytes, evidence) in hostile {
            let steps = try ProfileReloadDaemonTests.steps(daemon)
            try Data(bytes).write(to: URL(fileURLWithPath: profile))
            try daemon.signal(SIGHUP)
            refusals += 1
            let refused = "reload refused: the profile no longer loads"
            let deadline = Date().addingTimeInterval(20)
            while daemon.log.components(separatedBy: refused).count - 1 < refusals, daemon.isRunning, Date() < deadline {
                Thread.sleep(forTimeInterval: 0.05)
            }
            #expect(daemon.log.components(separatedBy: refused).count - 1 == refusals, "\(what): \(daemon.logTail())")
            #expect(daemon.log.contains(evidence), "\(what): \(daemon.logTail())")
            #expect(daemon.isRunning, "\(what): \(daemon.crashReport())")
            #expect(try daemon.status()["mode"] == "running", "\(what)")
            _ = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": 60])
            #expect(try ProfileReloadDaemonTests.steps(daemon) >= steps + 6, "\(what): delivery went on")
        }
    }
}
