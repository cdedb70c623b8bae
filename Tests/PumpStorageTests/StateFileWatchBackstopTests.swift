import Glibc
@testable import PumpStorage
import Testing

/// When the watch's wait itself fails (poll(2) out of memory), the files are checked at once and
/// then once a second on the stop descriptor's wait, instead of going unwatched without a word.
@Suite struct StateFileWatchBackstopTests {
    /// One call the watch made to its wait: how many descriptors, which, and for how long.
    struct Wait: Equatable {
        var descriptors: [Int32]
        var timeoutMilliseconds: Int32
    }

    /// A scripted poll(2): each call takes the next outcome, a result with an errno, or the
    /// descriptors to mark readable (their count is the result).
    enum Outcome {
        case fails(Int32)
        case timesOut
        case readable([Int32])
    }

    final class ScriptedPoll {
        var outcomes: [Outcome]
        var waits: [Wait] = []
        init(_ outcomes: [Outcome]) { self.outcomes = outcomes }

        func poll(_ descriptors: UnsafeMutablePointer<pollfd>, _ count: nfds_t, _ timeout: Int32) -> Int32 {
            let all = UnsafeMutableBufferPointer(start: descriptors, count: Int(count))
            waits.append(Wait(descriptors: all.map(\.fd), timeoutMilliseconds: timeout))
            guard !outcomes.isEmpty else {
                // Waited more often than scripted: a failure of this test alone, ended by a stop.
                Issue.record("the watch waited more often than scripted")
                for index in all.indices { all[index].revents = all[index].fd == StateFileWatchBackstopTests.stop ? Int16(POLLIN) : 0 }
                return 1
            }
            switch outcomes.removeFirst() {
            case .fails(let code):
                errno = code
                return -1
            case .timesOut:
                return 0
            case .readable(let ready):
                var marked: Int32 = 0
                for index in all.indices {
                    all[index].revents = ready.contains(all[index].fd) ? Int16(POLLIN) : 0
                    if ready.contains(all[index].fd) { marked += 1 }
                }
                return marked
            }
        }
    }

    static let inotify: Int32 = 41
    static let stop: Int32 = 42

    @Test func aFailingWaitChecksTheFilesAtOnceAndThenOnTheOneSecondBackstop() {
        let script = ScriptedPoll([.fails(ENOMEM), .timesOut, .fails(ENOMEM), .readable([Self.stop])])
        var checks = 0, reads = 0
        StateFileWatch.watch(Self.inotify, stop: Self.stop, poll: script.poll, failed: { checks += 1 }, readable: { reads += 1 })
        #expect(checks == 2)
        #expect(reads == 0)
        #expect(
            script.waits == [
                Wait(descriptors: [Self.inotify, Self.stop], timeoutMilliseconds: -1),
                Wait(descriptors: [Self.stop], timeoutMilliseconds: 1_000),
                Wait(descriptors: [Self.inotify, Self.stop], timeoutMilliseconds: -1),
                Wait(descriptors: [Self.stop], timeoutMilliseconds: 1_000),
            ])
    }

    @Test func anInterruptedWaitIsNoFailure() {
        let script = ScriptedPoll([.fails(EINTR), .readable([Self.inotify]), .readable([Self.stop])])
        var checks = 0, reads = 0
        StateFileWatch.watch(Self.inotify, stop: Self.stop, poll: script.poll, failed: { checks += 1 }, readable: { reads += 1 })
        #expect(checks == 0)
        #expect(reads == 1)
        #expect(script.waits.map(\.descriptors) == [[Self.inotify, Self.stop], [Self.inotify, Self.stop], [Self.inotify, Self.stop]])
    }

    @Test func theWatchRecoversWhenTheWaitWorksAgain() {
        let script = ScriptedPoll([.fails(ENOMEM), .timesOut, .readable([Self.inotify]), .readable([Self.stop])])
        var checks = 0, reads = 0
        StateFileWatch.watch(Self.inotify, stop: Self.stop, poll: script.poll, failed: { checks += 1 }, readable: { reads += 1 })
        #expect(checks == 1)
        #expect(reads == 1)
        #expect(script.outcomes.isEmpty)
    }
}
