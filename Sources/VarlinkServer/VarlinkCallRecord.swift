/// What became of one request, for the service's `onCall` observer (call counts, error rates,
/// latency).
public struct VarlinkCallRecord: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// A final reply (after `continues` replies, for a stream) was sent.
        case replied
        /// The call ended in this error: sent as the reply, or, for a oneway call, thrown.
        case failed(errorName: String)
        /// A oneway call completed; nothing was sent.
        case completedWithoutReply
        /// The connection closed before the call was answered.
        case disconnected
    }

    public var peer: PeerCredentials
    /// The qualified method name; nil for a request that was not a valid call.
    public var method: String?
    public var outcome: Outcome
    /// Replies sent for the call, the final one (or error) included.
    public var replies: Int
    /// From the call's dispatch to its final reply being handed to the socket and its handler
    /// having returned (or to the disconnect).
    public var duration: Duration

    public init(peer: PeerCredentials, method: String?, outcome: Outcome, replies: Int, duration: Duration) {
        self.peer = peer
        self.method = method
        self.outcome = outcome
        self.replies = replies
        self.duration = duration
    }
}
