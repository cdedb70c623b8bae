import PumpCore
#if canImport(Glibc)
import Glibc
#endif
public import Varlink

/// One connection to pumpd's io.pumpd.Pump interface, opened at the first call.
///
/// Daemon refusals are thrown as `VarlinkError`; anything that keeps the exchange from completing
/// is thrown as a `PumpctlFailure` with status `.transport` (or `.permissionDenied` when the
/// socket may not be opened).
public final class PumpSession {
    /// The interface every method name is qualified with.
    public static let interface = "io.pumpd.Pump"

    /// Where the session connects and how long it waits.
    public let settings: ConnectionSettings
    private var connection: VarlinkConnection?
    private var descriptor: Int32 = -1

    /// A session that connects at its first call.
    public init(settings: ConnectionSettings) { self.settings = settings }

    /// Calls `method` (unqualified, e.g. `GetStatus`) and returns the reply's parameters.
    public func call(_ method: String, _ parameters: JSONObject = [:]) throws -> JSONObject {
        let connection = try open()
        do {
            return try connection.call("\(Self.interface).\(method)", parameters: parameters)
        } catch let error as VarlinkTransportError {
            throw failure(error, during: method)
        }
    }

    /// Calls `method` with `more: true` and passes each reply to `handler` until the last one, or
    /// until `handler` returns false. The timeout applies to the first reply only: later ones
    /// come when something happens, however long that takes.
    public func stream(_ method: String, _ parameters: JSONObject = [:], handler: (JSONObject) throws -> Bool) throws {
        let connection = try open()
        var first = true
        do {
            try connection.callMore("\(Self.interface).\(method)", parameters: parameters) { reply in
                if first {
                    first = false
                    waitForever()
                }
                return try handler(reply)
            }
        } catch let error as VarlinkTransportError {
            throw failure(error, during: method)
        }
    }

    /// Closes the connection (a stream in progress ends).
    public func close() {
        connection?.close()
        connection = nil
        descriptor = -1
    }

    private func open() throws -> VarlinkConnection {
        if let connection, connection.isOpen { return connection }
        let descriptor = try PumpSocket.connect(to: settings.socket)
        do {
            let connection = try VarlinkConnection(adopting: descriptor, receiveTimeout: settings.timeout)
            self.connection = connection
            self.descriptor = descriptor
            return connection
        } catch {
            throw PumpctlFailure(.transport, "cannot set up the connection to pumpd: \(error)")
        }
    }

    private func waitForever() {
        guard descriptor >= 0 else { return }
        var forever = timeval(tv_sec: 0, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &forever, socklen_t(MemoryLayout<timeval>.size))
    }

    private func failure(_ error: VarlinkTransportError, during method: String) -> PumpctlFailure {
        switch error {
        case .timedOut:
            Self.timedOut(method, after: settings.timeout)
        case .connectionClosed:
            PumpctlFailure(.transport, "pumpd closed the connection during \(method)")
        default:
            PumpctlFailure(.transport, "the connection to pumpd failed during \(method): \(error)")
        }
    }

    /// Methods whose request pumpd may still carry out after the wait ran out (it queues them):
    /// a timeout says the outcome is unknown, not that nothing happened.
    static let queuedMethods: Set<String> = ["Reload"]

    /// What a call to `method` that got no reply within `timeout` tells the user.
    static func timedOut(_ method: String, after timeout: Duration) -> PumpctlFailure {
        let waited = "pumpd did not answer \(method) within \(seconds(timeout))"
        guard queuedMethods.contains(method) else { return PumpctlFailure(.transport, waited + " (--timeout)") }
        return PumpctlFailure(
            .transport, "outcome unknown: \(waited) (--timeout); the reload may still be applied — check pumpctl history and the journal")
    }

    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return "\(QuantityFormatter.decimal(seconds * 1_000 + attoseconds / 1_000_000_000_000_000, decimals: 3)) s"
    }
}
