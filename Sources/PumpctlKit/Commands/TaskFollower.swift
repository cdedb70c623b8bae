import PumpCore
import PumpWire
import Varlink

/// Follows a bolus or priming streamed with `more: true` until pumpd says it finished: a bar that
/// redraws in place on a terminal, a plain line per reply elsewhere, one JSON object per reply
/// with `--json`. A task that finished short of its plan was interrupted: exit status refused.
struct TaskFollower {
    /// How the task is named in messages: `bolus`, `priming`.
    let label: String

    func follow(_ method: String, _ parameters: JSONObject, in context: CommandContext) throws {
        let console = context.console
        let bar = ProgressBar()
        let live = console.outputIsTerminal && !context.json
        var last: WireTask?
        var finished = false
        var completed: Bool?
        if console.announcesInterrupts { InterruptNotice.install() }
        defer { if console.announcesInterrupts { InterruptNotice.remove() } }
        var lineOpen = false  // a bar drawn in place still needs its newline
        defer { if lineOpen { console.write("\n") } }
        try context.session.stream(method, parameters) { parameters in
            if context.json { context.emitJSON(parameters) }
            let reply = Reply(method, parameters)
            let task = try reply.required("task", as: WireTask.self)
            finished = try reply.required("finished", as: Bool.self)
            completed = try reply.optional("completed", as: Bool.self)
            last = task
            if !context.json {
                console.write(bar.update(label: label, task, onTerminal: live))
                lineOpen = live
            }
            return !finished
        }
        if lineOpen {
            console.write("\n")
            lineOpen = false
        }
        guard let last, finished else {
            throw PumpctlFailure(.transport, "pumpd ended the \(label) replies before the \(label) finished; see pumpctl status")
        }
        let amounts = bar.amounts(last)
        // delivered is what moved (whole steps), so a completed task may show a fraction of a step
        // less than planned: pumpd says whether it completed; an older pumpd did not.
        guard completed ?? (last.delivered >= last.planned) else {
            throw PumpctlFailure(.refused, "\(last.kindText) stopped before it completed: \(amounts) (see pumpctl status and pumpctl alarms)")
        }
        if !context.json {
            let dose = last.doseDelivered.map { "\(QuantityFormatter.mass(nanograms: $0)) in " } ?? ""
            console.line("\(last.kindText) complete: \(dose)\(QuantityFormatter.volume(nanolitres: last.delivered)) delivered")
        }
    }
}
