import Dispatch
import PumpStorage
import Synchronization
import Testing

@Suite("Concurrent access")
struct ConcurrencyTests {
    @Test func readersOnSeveralThreadsSeeOnlyCommittedStateWhileAWriterAppends() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        let writes = 200
        let failures = Mutex<[String]>([])
        let reads = Atomic<Int>(0)

        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            do {
                if worker == 0 {
                    for index in 0..<writes {
                        // Each transaction appends an event and saves the checkpoint that names it,
                        // so a reader that sees one must see the other.
                        try database.write { tx in
                            try Fixture.event(tx, kind: "tick", atSecond: Int64(index))
                            try tx.saveCheckpoint(Fixture.checkpoint(Int64(index + 1)))
                        }
                    }
                    return
                }
                var lastSeen: Int64 = 0
                while lastSeen < Int64(writes) {
                    let checkpoint = try database.latestCheckpoint()
                    let events = try database.events()
                    let steps = checkpoint?.stepsMoved ?? 0
                    if steps < lastSeen { throw Failure("checkpoint went back from \(lastSeen) to \(steps)") }
                    if events.count < steps { throw Failure("saw checkpoint \(steps) but only \(events.count) events") }
                    if !zip(events, events.dropFirst()).allSatisfy({ $0.sequence < $1.sequence }) {
                        throw Failure("events out of sequence order")
                    }
                    lastSeen = steps
                    reads.add(1, ordering: .relaxed)
                }
            } catch {
                failures.withLock { $0.append("worker \(worker): \(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(reads.load(ordering: .relaxed) > 0)
        #expect(try database.events().count == writes)
        #expect(try database.latestCheckpoint()?.stepsMoved == Int64(writes))
    }

    @Test func writersOnSeveralThreadsAreSerializedWithoutLosingAny() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for index in 0..<50 {
                do {
                    try database.write { tx in
                        try tx.addHourlyDelivery(hourStartWallNanoseconds: 0, volumeNanolitres: 1, massNanograms: 2)
                        try Fixture.event(tx, kind: "worker\(worker)", atSecond: Int64(index))
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(try database.deliveredTotals() == DeliveryTotals(volumeNanolitres: 200, massNanograms: 400, hours: 1))
        #expect(try database.events().count == 200)
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
