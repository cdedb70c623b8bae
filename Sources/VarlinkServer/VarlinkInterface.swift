public import Varlink

/// One Varlink interface a ``VarlinkService`` serves, e.g. `io.pumpd.Pump`.
///
/// The service routes every call whose method starts with `name` to `handle`, one call at a time
/// per connection, each in a Swift concurrency task of its own. Calls to methods that the IDL in
/// `description` does not declare are answered with `org.varlink.service.MethodNotFound` before
/// reaching `handle` (when the IDL declares no method at all, every call reaches it).
public protocol VarlinkInterface: Sendable {
    /// The interface name, e.g. `io.pumpd.Pump`.
    var name: String { get }

    /// The IDL text served by `org.varlink.service.GetInterfaceDescription`.
    var description: String { get }

    /// Handles one call of this interface.
    ///
    /// Reply through `reply`: once with a final reply, or, for a call with `more` set, any number of
    /// times with `continues: true` and then once without. Throw a ``VarlinkError`` to answer with an
    /// error instead (also after `continues` replies: it ends the stream). A method that only
    /// streams should throw `.expectedMore` when `call.more` is false.
    ///
    /// When the client disconnects the task is cancelled; a handler waiting on something (an
    /// `AsyncStream` of events) should end when cancelled. Returning without a final reply to a
    /// call that wants one makes the service send `<protocolErrorInterface>.InternalError`.
    func handle(_ call: VarlinkCall, from peer: PeerCredentials, reply: VarlinkReplier) async throws(VarlinkError)

    /// Answers `call` at once, or returns nil to have it handled by `handle` in a task as usual.
    ///
    /// Called on the connection's event loop for every call routed to this interface (after the
    /// method check, before `handle`), except calls made with `more`. It must not block, wait or
    /// take long: it is for answers that only read state published for readers (a status
    /// snapshot), never for anything that changes state or waits for I/O. The default answers
    /// nothing at once.
    func answerAtOnce(_ call: VarlinkCall, from peer: PeerCredentials) -> VarlinkImmediateAnswer?
}

extension VarlinkInterface {
    public func answerAtOnce(_ call: VarlinkCall, from peer: PeerCredentials) -> VarlinkImmediateAnswer? { nil }
}
