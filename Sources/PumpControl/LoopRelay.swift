import CPumpSys
#if canImport(Glibc)
import Glibc
#endif
import PumpHardware
import Synchronization

/// A thread that does, in order, what the real-time loop's thread must not do itself: anything
/// that may start a thread. Resuming a task, yielding to a stream or ringing a doorbell can make
/// libdispatch create a worker thread from the calling thread when it has no idle one, and that
/// worker inherits the caller's CPU affinity: created from the loop's thread it would share the
/// loop's CPU (`[realtime] cpu`), where it competes with the loop (issue 13 review). Started by
/// the thread that starts the loop, before the loop pins itself, the relay has that thread's CPUs,
/// and so have the threads it makes.
///
/// Contract: `post` never blocks beyond a short lock that the relay holds only to swap buffers,
/// never drops an item and never reorders: the relay hands every posted item to its handler in
/// posting order. Its queue holds `reservedCapacity` items without allocating; when the relay has
/// fallen that far behind, the queue grows (one allocation, on the posting thread) rather than
/// drop an item or make the poster wait: a reply or an event is never lost, and a command is never
/// held back because the relay is slow. One eventfd write wakes the relay when the queue goes from
/// empty to not empty, and none while it is already not empty. Nothing else costs the poster: a
/// thread that posts nothing never touches the relay.
final class LoopRelay<Item: Sendable>: Sendable {
    /// Room both buffers start with: far more than one wake posts (a reply per command, one batch
    /// of events, one doorbell ring).
    static var reservedCapacity: Int { 256 }

    private let queue: Mutex<[Item]>
    private let wakeDescriptor: Int32
    private let finishing = Atomic<Bool>(false)
    private let thread = Mutex<pthread_t?>(nil)
    private let handedOverCount = Atomic<Int>(0)

    init() {
        var items: [Item] = []
        items.reserveCapacity(Self.reservedCapacity)
        queue = Mutex(items)
        wakeDescriptor = pump_eventfd()
    }

    deinit { if wakeDescriptor >= 0 { close(wakeDescriptor) } }

    /// How many items the relay has handed over so far (counted on its own thread: a post costs
    /// nothing more for it).
    var handedOver: Int { handedOverCount.load(ordering: .relaxed) }

    /// Starts the relay's thread, which hands every posted item to `handle` until `finish`.
    ///
    /// - Throws: when no eventfd or thread could be made; nothing then runs.
    func start(handling handle: @escaping @Sendable (Item) -> Void) throws(HardwareError) {
        guard wakeDescriptor >= 0 else { throw .unsupported("eventfd for the control loop's relay (errno \(-wakeDescriptor))") }
        finishing.store(false, ordering: .releasing)
        let body = ThreadBody { [self] in run(handle) }
        let context = Unmanaged.passRetained(body).toOpaque()
        var handle = pthread_t()
        let rc = pthread_create(&handle, nil, { context in
            Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            throw .unsupported("a thread for the control loop's relay (pthread_create: \(rc))")
        }
        thread.withLock { $0 = handle }
    }

    /// Queues `item` for the relay (any thread; the loop's never waits on the relay).
    func post(_ item: Item) {
        let wasEmpty = queue.withLock { items in
            defer { items.append(item) }
            return items.isEmpty
        }
        if wasEmpty { _ = pump_eventfd_signal(wakeDescriptor) }
    }

    /// Hands the relay's handler every item posted before the call, then ends its thread; returns
    /// once it has. Posts after it are never handled. Does nothing if the relay never started.
    func finish() {
        guard let handle = thread.withLock({ thread in defer { thread = nil }; return thread }) else { return }
        finishing.store(true, ordering: .releasing)
        _ = pump_eventfd_signal(wakeDescriptor)
        pthread_join(handle, nil)
    }

    private func run(_ handle: (Item) -> Void) {
        var batch: [Item] = []
        batch.reserveCapacity(Self.reservedCapacity)
        var ready = pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)
        while true {
            if poll(&ready, 1, -1) < 0 && errno != EINTR { usleep(1_000) }  // never spin on a failing wait
            _ = pump_eventfd_drain(wakeDescriptor)
            // Read before the swap: everything posted before `finish` is in the queue by then.
            let last = finishing.load(ordering: .acquiring)
            queue.withLock { swap(&batch, &$0) }
            for item in batch { handle(item) }
            handedOverCount.add(batch.count, ordering: .relaxed)
            batch.removeAll(keepingCapacity: true)
            if last { return }
        }
    }
}

/// A thread's body, boxed so a C thread entry point can take it through one pointer.
private final class ThreadBody {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}
