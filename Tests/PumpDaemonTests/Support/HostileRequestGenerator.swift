import Foundation

/// Turns a seed into a reproducible stream of hostile episodes.
///
/// The one rule that keeps the daemon's state a valid oracle: a method that changes state is only
/// sent with a *witness* of its invalidity applied last, so nothing after it can undo it: an
/// unknown parameter (every handler rejects those first), a wrong JSON type, a missing required
/// parameter, or a value the interface's documented rules refuse whatever else is sent (a negative
/// volume, a step volume far outside ×½…×2, a sensor that does not exist, a token never issued).
/// Complete valid state-changing calls exist only as truncated bytes and never-finished messages.
struct HostileRequestGenerator {
    var rng: FuzzRandom
    static let messageLimit = 64 * 1024
    static let depthLimit = 32

    init(seed: UInt64) { rng = FuzzRandom(seed: seed) }

    // MARK: Episodes

    mutating func episode() -> HostileEpisode {
        switch rng.weighted([(34, 0), (34, 1), (9, 2), (12, 3), (4, 4), (4, 5), (3, 6)]) {
        case 0: return .sequential((0..<rng.int(1...12)).map { _ in message() })
        case 1: return .pipelined((0..<rng.int(2...30)).map { _ in message() })
        case 2: return .pipelined(randomByteMessages())
        case 3:
            let (partial, label) = partialMessage()
            return .halfSent(
                complete: (0..<rng.int(0...4)).map { _ in message() }, partial: partial, label: label, thenShutdownWrite: rng.chance(0.5))
        case 4: return oversized()
        case 5: return .halfSent(complete: [], partial: [], label: "connect: and close at once", thenShutdownWrite: rng.chance(0.5))
        default: return .sequential([atTheSizeLimit()])
        }
    }

    // MARK: Messages

    mutating func message() -> HostileMessage {
        switch rng.weighted([(44, 0), (12, 1), (8, 2), (5, 3), (4, 4), (4, 5), (13, 6), (3, 7), (5, 8)]) {
        case 0: return hostileCall()
        case 1: return brokenEnvelope()
        case 2: return truncatedCall()
        case 3: return tokenSoup()
        case 4: return nonObject()
        case 5: return deeplyNested()
        case 6: return readOnlyCall()
        case 7: return randomByteMessages().first!
        default: return brokenJSONInCall()
        }
    }

    /// A method's call with mutated parameters: state-changing ones certainly refused.
    mutating func hostileCall() -> HostileMessage {
        let method = rng.pick(PumpdMethods.all)
        let more = rng.chance(0.12)
        var parameters = plausibleParameters(method)
        var label = "call: \(method)"
        let refusedByWitness = PumpdMethods.changingState[method] != nil
        if refusedByWitness {
            let (witnessed, why) = applyWitness(method, to: parameters)
            parameters = witnessed
            label += " (\(why))"
        } else {
            for _ in 0..<rng.int(0...3) { parameters = mutateParameters(parameters, method: method, clean: true) }
            label += " (mutated)"
        }
        if rng.chance(0.3) { parameters.shuffle(using: &rng) }
        return call(method, parameters: parameters, more: more, label: label)
    }

    /// A call whose JSON is broken inside (a NaN, invalid UTF-8, a repeated key, nesting past the
    /// limit): refused as malformed before any method sees it.
    mutating func brokenJSONInCall() -> HostileMessage {
        let method = rng.pick(PumpdMethods.all)
        var parameters = plausibleParameters(method)
        if PumpdMethods.changingState[method] != nil { parameters = applyWitness(method, to: parameters).0 }
        let (broken, why) = breakJSON(parameters)
        var message = call(method, parameters: broken, more: rng.chance(0.1), label: "broken-json: \(method) (\(why))")
        message.oneway = false
        return message
    }

    /// Well-formed calls of read-only methods, from plain to odd but valid (boundary times, far
    /// limits, prescriptions at the edges).
    mutating func readOnlyCall() -> HostileMessage {
        let method = rng.pick(Array(PumpdMethods.readOnly.keys).sorted())
        return call(method, parameters: plausibleParameters(method), more: rng.chance(0.15), label: "read: \(method)")
    }

    private mutating func call(
        _ method: String, parameters: [(key: HostileJSON, value: HostileJSON)], more: Bool, label: String
    ) -> HostileMessage {
        var parameters = parameters
        let streams = method == "io.pumpd.Pump.WatchEvents" && more
        if streams, parameters.isEmpty {
            // WatchEvents declares no parameter, so any one makes it refused; without one, called
            // with more, it would stream for ever.
            parameters.append((key: .string(unknownKey(for: method)), value: value(clean: true)))
        }
        var members: [(key: HostileJSON, value: HostileJSON)] = [(key: .string("method"), value: .string(method))]
        switch rng.weighted([(8, 0), (1, 1), (1, 2)]) {
        case 0: members.append((key: .string("parameters"), value: .object(parameters)))
        case 1 where parameters.isEmpty: members.append((key: .string("parameters"), value: .null))
        default: if !parameters.isEmpty { members.append((key: .string("parameters"), value: .object(parameters))) }
        }
        if more { members.append((key: .string("more"), value: .bool(true))) }
        if rng.chance(0.05) { members.append((key: .string("upgrade"), value: .bool(true))) }
        if rng.chance(0.1) {
            // Unknown envelope members are ignored by Varlink; they make nothing invalid.
            members.append((key: .string(rng.pick(["id", "type", "interface", "params", "Method", "extra"])), value: value(clean: true)))
        }
        var document = HostileJSON.object(members)
        let clean = document.isClean(maxDepth: Self.depthLimit)
        var oneway = false
        if clean, !more, rng.chance(0.12) {
            members.append((key: .string("oneway"), value: .bool(true)))
            document = .object(members)
            oneway = document.isClean(maxDepth: Self.depthLimit)
        } else if !more, rng.chance(0.05) {
            members.append((key: .string("oneway"), value: .bool(false)))
            document = .object(members)
        }
        if rng.chance(0.3) {
            members.shuffle(using: &rng)
            document = .object(members)
        }
        return HostileMessage(
            bytes: document.bytes + [0], label: label + (oneway ? " oneway" : "") + (more ? " more" : ""), method: method,
            expectation: document.isClean(maxDepth: Self.depthLimit) ? .call : .malformed, oneway: oneway)
    }

    // MARK: Witnesses of invalidity (state-changing methods)

    /// Applies one certain reason for refusal, last, and says which.
    mutating func applyWitness(
        _ method: String, to parameters: [(key: HostileJSON, value: HostileJSON)]
    ) -> ([(key: HostileJSON, value: HostileJSON)], String) {
        var parameters = parameters
        let declared = PumpdMethods.parameters(of: method)
        var choices: [(Int, Int)] = [(3, 0)]  // an unknown parameter
        if !declared.isEmpty { choices.append((2, 1)) }  // a wrong JSON type
        if declared.contains(where: \.required) { choices.append((1, 2)) }  // a required parameter missing
        if Self.hasSemanticWitness(method) { choices.append((5, 3)) }
        switch rng.weighted(choices) {
        case 0:
            let key = unknownKey(for: method)
            parameters.insert((key: .string(key), value: value(clean: true)), at: rng.int(0...parameters.count))
            return (parameters, "unknown parameter \(Self.quoted(key))")
        case 1:
            let parameter = rng.pick(declared)
            let wrong = wrongType(for: parameter.kind)
            parameters.removeAll { Self.key($0.key) == parameter.name }
            parameters.insert((key: .string(parameter.name), value: wrong), at: rng.int(0...parameters.count))
            return (parameters, "\(parameter.name) of the wrong type")
        case 2:
            let parameter = rng.pick(declared.filter(\.required))
            parameters.removeAll { Self.key($0.key) == parameter.name }
            return (parameters, "\(parameter.name) missing")
        default:
            return semanticWitness(method, parameters)
        }
    }

    /// A refill's (or first fill's) members, mostly plausible, sometimes anything.
    private mutating func fillMembers(refill: Bool) -> HostileJSON {
        var members: [(String, HostileJSON)] = [
            ("volume", .int(rng.chance(0.5) ? rng.pick([20_000_000, 40_000_000, 1, 1_000_000]) : integer())),
            (
                "drug",
                .object([
                    ("name", .string(rng.pick(["baclofen", "morphine", "Baclofen", string()]))),
                    ("concentration", .int(rng.chance(0.6) ? rng.pick([2_000, 1_000, 1_000_000]) : integer())),
                ])
            ),
        ]
        if refill {
            members.append(("withdrawn", .int(rng.chance(0.5) ? rng.pick([0, 1_000_000, 39_000_000]) : integer())))
        } else {
            members.append(("primed", .bool(rng.chance(0.5))))
        }
        return .object(members)
    }

    static func hasSemanticWitness(_ method: String) -> Bool {
        !["io.pumpd.Pump.Stop", "io.pumpd.Pump.Resume", "io.pumpd.Pump.WatchEvents", "io.pumpd.Pump.EndBolus"].contains(method)
    }

    /// Well-typed values that the interface's documented rules refuse whatever else is sent.
    private mutating func semanticWitness(
        _ method: String, _ parameters: [(key: HostileJSON, value: HostileJSON)]
    ) -> ([(key: HostileJSON, value: HostileJSON)], String) {
        var parameters = parameters
        func set(_ name: String, _ value: HostileJSON) {
            if let index = parameters.firstIndex(where: { Self.key($0.key) == name }) {
                parameters[index].value = value
            } else {
                parameters.append((key: .string(name), value: value))
            }
        }
        func remove(_ name: String) { parameters.removeAll { Self.key($0.key) == name } }
        let negative: [Int64] = [0, -1, -2, .min, .min + 1, -1_000_000, -(.max / 1_000)]
        switch method {
        case "io.pumpd.Pump.Bolus":
            switch rng.int(0...3) {
            case 0:
                var kind = rng.pick([
                    "Single", "SINGLE", "single ", " patient", "patient\u{0}", "", "periodic", "priming", "singlé", "bolus", string(),
                ])
                if kind == "single" || kind == "patient" { kind += "!" }
                set("kind", .string(kind))
                return (parameters, "kind \(Self.quoted(kind)) is neither single nor patient")
            case 1:
                set("kind", .string("single"))
                let dose = rng.pick(negative + [1_000_000_000, 1_000_000_001, .max, .max / 1_000, .max / 1_000_000, 1 << 62])
                set("dose", .int(dose))
                if rng.chance(0.5) { set("duration", .int(rng.pick([1, 60, 3_600, 86_400]))) }
                return (parameters, "single dose \(dose) ng: not positive, or beyond 1 g and the 100 µg maximum bolus")
            case 2:
                set("kind", .string("single"))
                let duration = rng.pick([0, -1, 86_401, 86_400 * 7, .max, .min, .max / 1_000_000_000 + 1] as [Int64])
                set("duration", .int(duration))
                if rng.chance(0.5) { set("dose", .int(rng.pick([1_000, 10_000, 100_000]))) }
                return (parameters, "single duration \(duration) s outside 1…86400")
            default:
                set("kind", .string("patient"))
                let field = rng.pick(["dose", "duration"])
                set(field, .int(rng.pick([1, 1_000, 0, -1, .max])))
                return (parameters, "patient bolus with \(field), which the program's policy sets")
            }
        case "io.pumpd.Pump.Prime":
            let volume = rng.pick(negative + [40_000_001, .max, .max / 1_000, 1 << 40])
            set("volume", .int(volume))
            if rng.chance(0.7) { set("newPath", .bool(rng.chance(0.5))) }
            return (parameters, "priming volume \(volume) nL: not positive, or beyond the reservoir")
        case "io.pumpd.Pump.Calibrate":
            switch rng.int(0...4) {
            case 0:
                let step = rng.pick(negative + [1, 99_999, 1_000_001, .max, .max / 1_000])
                parameters = [(key: .string("stepVolume"), value: .int(step))]
                if rng.chance(0.3) { parameters.append((key: .string("steps"), value: .int(1_000))) }
                return (parameters, "step volume \(step) pL far outside ×½…×2 of 250000")
            case 1:
                parameters = [(key: .string("stepVolume"), value: .int(rng.pick([250_000, 200_000, 300_000])))]
                parameters.append((key: .string(rng.pick(["measuredVolume", "steps"])), value: .int(rng.pick([1, 250_000, 1_000]))))
                return (parameters, "stepVolume together with a measurement")
            case 2:
                let steps = rng.pick([0, -1, 10_000_001, .max, .min] as [Int64])
                parameters = [
                    (key: .string("measuredVolume"), value: .int(rng.pick([250_000, 1, .max / 1_000]))),
                    (key: .string("steps"), value: .int(steps)),
                ]
                return (parameters, "steps \(steps) outside 1…10000000")
            case 3:
                let measured = rng.pick(negative + [.max / 1_000 + 1, .max])
                parameters = [
                    (key: .string("measuredVolume"), value: .int(measured)),
                    (key: .string("steps"), value: .int(rng.pick([1, 1_000, 10_000]))),
                ]
                return (parameters, "measured volume \(measured) nL outside 1…Int64.max/1000")
            default:
                // In range one by one, but the step volume they give is far outside ×½…×2.
                let measured = rng.pick(
                    [.max / 1_000, .max / 1_000 - 1, .max / 1_000_000, 1_000_000_000_000, 1, 10, 99, 1_000_000] as [Int64])
                var steps = rng.pick([1, 2, 999, 1_000, 1_616, 1_617, 9_999, 10_000, 10_000_000] as [Int64])
                let stepVolume = (Int128(measured) * 1_000 + Int128(steps / 2)) / Int128(steps)
                if (100_000...1_000_000).contains(stepVolume) { steps = 10_000_000 }  // 1 000 000 000 000 / 10^7 = 100 000 000 pL
                parameters = [(key: .string("measuredVolume"), value: .int(measured)), (key: .string("steps"), value: .int(steps))]
                parameters.shuffle(using: &rng)
                let result = (Int128(measured) * 1_000 + Int128(steps / 2)) / Int128(steps)
                return (parameters, "measured \(measured) nL over \(steps) steps = \(result) pL per step, far outside ×½…×2")
            }
        case "io.pumpd.Pump.AcknowledgeAlarm":
            var kind = rng.pick([
                "Occlusion", "OCCLUSION", "occlusion ", " occlusion", "occlusion\u{0}", "motor_stall", "motorStall", "battery_eos", "",
                "all", "*", "%", "reservoir-low\n", "storage-failure-", string(),
            ])
            if PumpdMethods.alarmKinds.contains(kind) { kind += "?" }
            set("kind", .string(kind))
            return (parameters, "alarm kind \(Self.quoted(kind)) that does not exist")
        case "io.pumpd.Pump.CommitPrescription", "io.pumpd.Pump.CommitRefill", "io.pumpd.Pump.CommitFirstFill":
            let reviewed = method.hasSuffix("Prescription") ? "prescription" : method.hasSuffix("Refill") ? "refill" : "fill"
            if parameters.first(where: { Self.key($0.key) == reviewed }) == nil {
                set(reviewed, reviewed == "prescription" ? prescription(clean: true) : fillMembers(refill: reviewed == "refill"))
            }
            let token = rng.pick([
                (0..<4).map { _ in String(rng.next() & 0xFFFF_FFFF, radix: 16) }.joined(separator: "-"), "", "0-0-0-0",
                String(repeating: "f", count: 5_000), "\u{0}", string(),
            ])
            set("token", .string(token))
            return (parameters, "a confirmation token never issued")
        case "io.pumpd.Rig.SetFaults":
            var faults = parameters.first { Self.key($0.key) == "faults" }?.value.members ?? []
            let why: String
            switch rng.int(0...3) {
            case 0:
                var sensor = rng.pick(["Pressure", "pressure ", "temperature", "", "occlusion", "battery\u{0}", "reservoir", string()])
                if PumpdMethods.sensors.contains(sensor) { sensor += "?" }
                let field = rng.pick(["failingSensors", "stuckSensors"])
                faults.removeAll { Self.key($0.key) == field }
                var names = Array(PumpdMethods.sensors.sorted().prefix(rng.int(0...2))).map { HostileJSON.string($0) }
                names.insert(.string(sensor), at: rng.int(0...names.count))
                faults.append((key: .string(field), value: .array(names)))
                why = "\(field) naming \(Self.quoted(sensor)), no such sensor"
            case 1:
                let sag = rng.pick([-1, -100, .min, 100_000, 100_001, .max] as [Int64])
                faults.removeAll { Self.key($0.key) == "batterySag" }
                faults.append((key: .string("batterySag"), value: .int(sag)))
                why = "batterySag \(sag) mV outside 0…99999"
            case 2:
                let leak = rng.pick([-1, .min, 1_000_000_000, .max] as [Int64])
                faults.removeAll { Self.key($0.key) == "leakRate" }
                faults.append((key: .string("leakRate"), value: .int(leak)))
                why = "leakRate \(leak) nL/h outside 0…999999999"
            default:
                let key = rng.pick(["occluded", "Occlusion", "stalls", "driver_fault", "batterysag", "leak", "faults", ""])
                faults.insert((key: .string(key), value: value(clean: true)), at: rng.int(0...faults.count))
                why = "faults.\(Self.quoted(key)) unknown"
            }
            faults.shuffle(using: &rng)
            set("faults", .object(faults))
            return (parameters, why + (faults.count > 1 ? ", beside valid changes" : ""))
        case "io.pumpd.Rig.AdvanceTime":
            let seconds = rng.pick([0, -1, .min, 34_560_001, .max] as [Int64])
            set("seconds", .int(seconds))
            return (parameters, "seconds \(seconds) outside 1…34560000")
        default:
            let key = unknownKey(for: method)
            parameters.append((key: .string(key), value: value(clean: true)))
            return (parameters, "unknown parameter \(Self.quoted(key))")
        }
    }

    // MARK: Parameters

    /// Parameters of the right shape with values from plain to extreme; for a state-changing
    /// method they may well be valid, so they are never sent without a witness.
    mutating func plausibleParameters(_ method: String) -> [(key: HostileJSON, value: HostileJSON)] {
        var members: [(String, HostileJSON)] = []
        switch method {
        case "io.pumpd.Pump.ValidatePrescription":
            members.append(("prescription", prescription(clean: true)))
        case "io.pumpd.Pump.CommitPrescription":
            members.append(("prescription", prescription(clean: true)))
            members.append(("token", .string((0..<4).map { _ in String(rng.next() & 0xFFFF_FFFF, radix: 16) }.joined(separator: "-"))))
        case "io.pumpd.Pump.GetAlarms":
            if rng.chance(0.7) { members.append(("since", .string(time()))) }
        case "io.pumpd.Pump.GetHistory":
            if rng.chance(0.6) { members.append(("from", .string(time()))) }
            if rng.chance(0.6) { members.append(("to", .string(time()))) }
            if rng.chance(0.3) {
                var kinds: [HostileJSON] = []
                for _ in 0..<rng.int(0...20) { kinds.append(.string(rng.chance(0.7) ? rng.pick(PumpdMethods.eventKinds) : string())) }
                members.append(("kinds", .array(kinds)))
            }
            if rng.chance(0.4) {
                members.append(("limit", .int(rng.chance(0.5) ? rng.pick([0, 1, 10_000, 10_001, -1, .max, .min]) : integer())))
            }
            if rng.chance(0.3) { members.append(("newest", .bool(rng.chance(0.5)))) }
        case "org.varlink.service.GetInterfaceDescription":
            members.append(
                (
                    "interface",
                    .string(
                        rng.pick([
                            "io.pumpd.Pump", "io.pumpd.Rig", "org.varlink.service", "io.pumpd", "io.pumpd.Pump.GetStatus", "", string(),
                        ]))
                ))
        case "io.pumpd.Pump.ValidateRefill", "io.pumpd.Pump.ValidateFirstFill":
            members.append((method.hasSuffix("Refill") ? "refill" : "fill", fillMembers(refill: method.hasSuffix("Refill"))))
        case "io.pumpd.Pump.CommitRefill", "io.pumpd.Pump.CommitFirstFill":
            members.append((method.hasSuffix("Refill") ? "refill" : "fill", fillMembers(refill: method.hasSuffix("Refill"))))
            members.append(("token", .string((0..<4).map { _ in String(rng.next() & 0xFFFF_FFFF, radix: 16) }.joined(separator: "-"))))
        case "io.pumpd.Pump.Bolus":
            members.append(("kind", .string(rng.pick(["single", "patient"]))))
            if rng.chance(0.7) { members.append(("dose", .int(rng.chance(0.5) ? rng.pick([1, 500, 10_000, 100_000]) : integer()))) }
            if rng.chance(0.7) { members.append(("duration", .int(rng.chance(0.5) ? rng.pick([1, 60, 3_600, 86_400]) : integer()))) }
        case "io.pumpd.Pump.Prime":
            if rng.chance(0.6) { members.append(("volume", .int(rng.chance(0.5) ? rng.pick([200_000, 1, 100]) : integer()))) }
            members.append(("newPath", .bool(rng.chance(0.5))))
        case "io.pumpd.Pump.Calibrate":
            if rng.chance(0.5) {
                members.append(("stepVolume", .int(rng.chance(0.5) ? rng.pick([250_000, 125_000, 500_000]) : integer())))
            }
            if rng.chance(0.4) { members.append(("measuredVolume", .int(rng.chance(0.5) ? 250_000 : integer()))) }
            if rng.chance(0.4) { members.append(("steps", .int(rng.chance(0.5) ? 1_000 : integer()))) }
        case "io.pumpd.Pump.AcknowledgeAlarm":
            members.append(("kind", .string(rng.pick(PumpdMethods.alarmKinds.sorted()))))
        case "io.pumpd.Rig.SetFaults":
            let changes: [(String, HostileJSON)] = [
                ("occlusion", .bool(true)), ("stall", .bool(true)), ("driverFault", .bool(true)),
                ("failingSensors", .array([.string("pressure")])), ("stuckSensors", .array([.string("battery")])),
                ("batterySag", .int(2_000)), ("leakRate", .int(1_000_000)),
            ]
            var faults: [(String, HostileJSON)] = []
            for change in changes where rng.chance(0.35) { faults.append(change) }
            members.append(("faults", .object(faults)))
        case "io.pumpd.Rig.AdvanceTime":
            members.append(("seconds", .int(rng.chance(0.5) ? rng.pick([1, 60, 3_600, 34_560_000]) : integer())))
        default: break
        }
        return members.map { (key: .string($0.0), value: $0.1) }
    }

    /// One random change: a parameter dropped, added, retyped or its value replaced (read-only
    /// methods only: anything goes).
    private mutating func mutateParameters(
        _ parameters: [(key: HostileJSON, value: HostileJSON)], method: String, clean: Bool
    ) -> [(key: HostileJSON, value: HostileJSON)] {
        var parameters = parameters
        switch rng.int(0...3) {
        case 0 where !parameters.isEmpty: parameters.remove(at: rng.int(0...parameters.count - 1))
        case 1:
            parameters.append((key: .string(unknownKey(for: method)), value: value(clean: clean)))
        case 2 where !parameters.isEmpty:
            let index = rng.int(0...parameters.count - 1)
            parameters[index].value = mutate(parameters[index].value, clean: clean)
        default:
            if let parameter = PumpdMethods.parameters(of: method).randomElement(using: &rng) {
                parameters.removeAll { Self.key($0.key) == parameter.name }
                parameters.append(
                    (key: .string(parameter.name), value: rng.chance(0.5) ? wrongType(for: parameter.kind) : value(clean: clean)))
            }
        }
        return parameters
    }

    /// `value` with one leaf somewhere inside replaced, dropped or joined by an unknown member.
    private mutating func mutate(_ value: HostileJSON, clean: Bool) -> HostileJSON {
        switch value {
        case .object(var members) where !members.isEmpty && rng.chance(0.75):
            switch rng.int(0...7) {
            case 0: members.remove(at: rng.int(0...members.count - 1))
            case 1: members.append((key: .string(unknownKey(for: "")), value: self.value(clean: clean)))
            default:
                let index = rng.int(0...members.count - 1)
                members[index].value = mutate(members[index].value, clean: clean)
            }
            return .object(members)
        case .array(var items) where !items.isEmpty && rng.chance(0.75):
            switch rng.int(0...5) {
            case 0: items.remove(at: rng.int(0...items.count - 1))
            case 1: items.append(self.value(clean: clean))
            default:
                let index = rng.int(0...items.count - 1)
                items[index] = mutate(items[index], clean: clean)
            }
            return .array(items)
        default:
            return rng.chance(0.5) ? .int(integer()) : self.value(clean: clean)
        }
    }

    /// A prescription from the daemon's own program to far beyond any limit, possibly with
    /// garbage nested inside.
    mutating func prescription(clean: Bool) -> HostileJSON {
        rng.chance(0.4) ? prescriptionWithinLimits() : mutatedPrescription(clean: clean)
    }

    /// Every field within what the validator allows one by one (a gram a day, a week-long
    /// interval, 96 patient boluses a day, 24 schedule steps), often at those bounds, and the
    /// reservoir's drug: so the dose envelope and the summary get computed from extreme values.
    mutating func prescriptionWithinLimits() -> HostileJSON {
        let gram: Int64 = 1_000_000_000  // ng, the most any limit, rate or dose may be
        func amount(_ rng: inout FuzzRandom, _ lower: Int64 = 1, _ upper: Int64 = gram) -> Int64 {
            rng.weighted([(2, upper), (1, lower), (3, Int64.random(in: lower...upper, using: &rng))])
        }
        // 0, or at least the rig's minimum (10 µL/day = 20 µg/day at 2000 µg/mL).
        func rate(_ rng: inout FuzzRandom) -> Int64 { Bool.random(using: &rng) ? 0 : amount(&rng, 20_000) }
        func seconds(_ rng: inout FuzzRandom, _ upper: Int64) -> Int64 {
            rng.weighted([(1, upper), (1, 1), (2, Int64.random(in: 1...upper, using: &rng))])
        }
        var basal: HostileJSON
        if rng.chance(0.5) {
            basal = .object([("kind", .string("continuous")), ("rate", .int(rate(&rng)))])
        } else {
            func schedule(_ rng: inout FuzzRandom) -> HostileJSON {
                var minutes = Set<Int>([0])
                for _ in 0..<Int.random(in: 0...23, using: &rng) { minutes.insert(Int.random(in: 1...1_439, using: &rng)) }
                let steps: [HostileJSON] = minutes.sorted().map { minute in
                    .object([("start", .string(String(format: "%02d:%02d", minute / 60, minute % 60))), ("rate", .int(rate(&rng)))])
                }
                return .object([("steps", .array(steps))])
            }
            var flex: [(String, HostileJSON)] = [("everyDay", schedule(&rng))]
            if rng.chance(0.5) {
                var days: [(String, HostileJSON)] = []
                for day in PumpdMethods.weekdays where rng.chance(0.4) { days.append((day, schedule(&rng))) }
                flex.append(("byWeekday", .object(days)))
            }
            basal = .object([("kind", .string("flex")), ("flex", .object(flex))])
        }
        let maximumBolus = rng.chance(0.6) ? gram : amount(&rng)
        var members: [(String, HostileJSON)] = [
            ("drug", .object([("name", .string("baclofen")), ("concentration", .int(2_000))])),
            ("basal", basal),
            (
                "limits",
                .object([
                    ("maximumDailyDose", .int(rng.chance(0.6) ? gram : amount(&rng))),
                    ("maximumHourlyDose", .int(rng.chance(0.6) ? gram : amount(&rng))), ("maximumBolus", .int(maximumBolus)),
                ])
            ),
            ("lowReservoirAlarm", .int(rng.pick([500_001, 2_000_000, 39_999_999, Int64(rng.int(500_001...39_999_999))]))),
        ]
        // Doses of at least 1 nL of drug (0.5 µg at 2000 µg/mL), within the maximum bolus.
        let smallestDose = min(1_000, maximumBolus)
        if rng.chance(0.5) {
            let duration = seconds(&rng, 86_400)
            let interval = max(duration + 1, rng.weighted([(1, 1_800), (1, 604_800), (2, Int64(rng.int(1_800...604_800)))]))
            members.append(
                (
                    "periodicBolus",
                    .object([
                        ("dose", .int(amount(&rng, smallestDose, maximumBolus))), ("duration", .int(duration)),
                        ("interval", .int(interval)),
                        ("firstStartDelay", .int(rng.chance(0.5) ? 0 : seconds(&rng, 604_800))),
                    ])
                ))
        }
        if rng.chance(0.5) {
            let duration = seconds(&rng, 86_400)
            members.append(
                (
                    "patientBolus",
                    .object([
                        ("dose", .int(amount(&rng, smallestDose, maximumBolus))), ("duration", .int(duration)),
                        ("lockout", .int(max(duration, seconds(&rng, 604_800)))),
                        ("maximumPerDay", .int(rng.pick([1, 96, Int64(rng.int(1...96))]))),
                    ])
                ))
        }
        return .object(members)
    }

    private mutating func mutatedPrescription(clean: Bool) -> HostileJSON {
        var basal: HostileJSON
        switch rng.weighted([(5, 0), (3, 1), (1, 2), (1, 3)]) {
        case 0: basal = .object([("kind", .string("continuous")), ("rate", .int(rng.chance(0.5) ? 500_000 : integer()))])
        case 1: basal = .object([("kind", .string("flex")), ("flex", flexSchedule())])
        case 2: basal = .object([("kind", .string("none"))])
        default:
            basal = .object([
                ("kind", .string(rng.pick(["Continuous", "flexible", "", "continuous ", string()]))), ("rate", .int(500_000)),
            ])
        }
        var members: [(String, HostileJSON)] = [
            (
                "drug",
                .object([
                    ("name", .string(rng.chance(0.8) ? "baclofen" : string())),
                    ("concentration", .int(rng.chance(0.8) ? 2_000 : integer())),
                ])
            ),
            ("basal", basal),
            (
                "limits",
                .object([
                    ("maximumDailyDose", .int(rng.chance(0.6) ? 501_000 : integer())),
                    ("maximumHourlyDose", .int(rng.chance(0.6) ? 21_834 : integer())),
                    ("maximumBolus", .int(rng.chance(0.6) ? 100_000 : integer())),
                ])
            ),
            ("lowReservoirAlarm", .int(rng.chance(0.6) ? 2_000_000 : integer())),
        ]
        if rng.chance(0.3) {
            members.append(
                (
                    "periodicBolus",
                    .object([
                        ("dose", .int(rng.chance(0.5) ? 10_000 : integer())), ("duration", .int(rng.chance(0.5) ? 600 : integer())),
                        ("interval", .int(rng.chance(0.5) ? 21_600 : integer())),
                        ("firstStartDelay", .int(rng.chance(0.5) ? 0 : integer())),
                    ])
                ))
        }
        if rng.chance(0.3) {
            members.append(
                (
                    "patientBolus",
                    .object([
                        ("dose", .int(rng.chance(0.5) ? 5_000 : integer())), ("duration", .int(rng.chance(0.5) ? 300 : integer())),
                        ("lockout", .int(rng.chance(0.5) ? 3_600 : integer())), ("maximumPerDay", .int(rng.chance(0.5) ? 4 : integer())),
                    ])
                ))
        }
        var prescription = HostileJSON.object(members)
        for _ in 0..<rng.weighted([(4, 0), (4, 1), (2, 2), (1, 4)]) { prescription = mutate(prescription, clean: clean) }
        if rng.chance(0.05) {
            // Garbage nested as deep as the limit allows (the envelope, parameters and prescription
            // take three levels).
            let garbage = nested(depth: rng.int(1...(Self.depthLimit - 3)))
            prescription = .object(prescription.members.filter { Self.key($0.key) != "drug" } + [(key: .string("drug"), value: garbage)])
        }
        return prescription
    }

    private mutating func dailySchedule() -> HostileJSON {
        let count = rng.weighted([(6, 1), (1, 0), (1, 2)]) == 1 ? rng.int(1...4) : (rng.chance(0.5) ? 0 : rng.int(40...300))
        var minute = 0
        var steps: [HostileJSON] = []
        for index in 0..<count {
            let start: String
            if rng.chance(0.7) {
                if index > 0 { minute += rng.int(1...180) }
                start = String(format: "%02d:%02d", minute / 60, minute % 60)
            } else {
                start = timeOfDay()
            }
            let rate = rng.chance(0.6) ? Int64(rng.int(0...1_000_000)) : integer()
            steps.append(.object([("start", .string(start)), ("rate", .int(rate))]))
        }
        return .object([("steps", .array(steps))])
    }

    private mutating func flexSchedule() -> HostileJSON {
        var members: [(String, HostileJSON)] = [("everyDay", dailySchedule())]
        if rng.chance(0.4) {
            var days: [(String, HostileJSON)] = []
            for _ in 0..<rng.int(0...3) {
                let day = rng.chance(0.8) ? rng.pick(PumpdMethods.weekdays) : rng.pick(["Monday", "funday", "", "monday\u{0}", "mon"])
                // A weekday twice would be a repeated key: keep the first.
                if !days.contains(where: { $0.0 == day }) { days.append((day, dailySchedule())) }
            }
            members.append(("byWeekday", .object(days)))
        }
        return .object(members)
    }
}
