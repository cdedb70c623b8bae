import Foundation
import Synchronization

/// SIGINT/SIGTERM set a flag the loop polls at every wake; the handler does nothing else, as a
/// signal handler must.
enum ShutdownSignal {
    static let requested = Atomic<Bool>(false)

    static func install() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { _ in ShutdownSignal.requested.store(true, ordering: .relaxed) }
        }
    }
}
