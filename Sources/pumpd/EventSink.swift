import PumpCore
import PumpService
import Synchronization

/// Takes the control loop's events on the loop thread (never blocking it) and hands them to the
/// service, which makes them durable and logs them. Events produced before the service exists
/// (the first wake after a restore) wait here until it is attached.
final class EventSink: Sendable {
    private let state = Mutex<(service: PumpService?, early: [TherapyEvent])>((nil, []))

    func deliver(_ events: [TherapyEvent]) {
        let service = state.withLock { state -> PumpService? in
            if state.service == nil { state.early += events }
            return state.service
        }
        service?.loopProduced(events)
    }

    func attach(_ service: PumpService) {
        let early = state.withLock { state -> [TherapyEvent] in
            state.service = service
            defer { state.early = [] }
            return state.early
        }
        if !early.isEmpty { service.loopProduced(early) }
    }

}
