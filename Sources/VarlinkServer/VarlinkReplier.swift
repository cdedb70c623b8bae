public import Varlink

/// Sends the replies to one call. Handed to ``VarlinkInterface/handle(_:from:reply:)``; valid for
/// that call only.
public struct VarlinkReplier: Sendable {
    let callID: UInt64
    let link: ConnectionLink
    let core: ServiceCore
    /// The call is oneway: `send` discards everything.
    public let isOneway: Bool
    /// The call was made with `more`: `send` accepts `continues: true`.
    public let acceptsMore: Bool

    init(callID: UInt64, call: VarlinkCall, link: ConnectionLink, core: ServiceCore) {
        self.callID = callID
        self.link = link
        self.core = core
        isOneway = call.oneway
        acceptsMore = call.more
    }

    /// Sends one reply: with `continues: true` more follow (only for calls made with `more`);
    /// without, it is the final reply and no further `send` is accepted.
    ///
    /// Suspends while the client is not reading (the socket is not writable). For a oneway call it
    /// sends nothing and returns at once.
    ///
    /// - Throws: `<protocolErrorInterface>.ConnectionClosed {"reason"}` when the connection is
    ///   closed or closes while waiting: the client left, the service shut down, or the client did
    ///   not read for `slowClientTimeout` (the service then disconnects it). Handlers should let it
    ///   propagate; nothing more is sent. `<protocolErrorInterface>.InternalError {"reason"}` for
    ///   `continues: true` to a call made without `more`, or a reply after the final one; nothing is
    ///   sent, and a handler that propagates it answers the call with it.
    public func send(_ parameters: JSONObject = [:], continues: Bool = false) async throws(VarlinkError) {
        if isOneway { return }
        if continues && !acceptsMore {
            throw core.internalError("the handler sent continues: true to a call made without more")
        }
        var bytes = VarlinkReply(parameters: parameters, continues: continues).serialized()
        bytes.append(0)
        let id = callID
        let finalBytes = bytes
        guard let written = link.submit({ $0.acceptReply(to: id, bytes: finalBytes, isFinal: !continues, errorName: nil) })
        else { throw core.connectionClosed("the service has shut down") }
        do {
            try await written.get()
        } catch let error as VarlinkError {
            throw error
        } catch {
            throw core.connectionClosed("\(error)")
        }
    }
}
