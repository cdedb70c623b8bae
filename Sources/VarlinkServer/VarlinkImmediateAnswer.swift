public import Varlink

/// A call's answer given at once, on the connection's event loop, by
/// ``VarlinkInterface/answerAtOnce(_:from:)``: no task is spawned and nothing is awaited.
public enum VarlinkImmediateAnswer: Sendable {
    /// The final reply with these parameters.
    case reply(JSONObject)
    /// A complete reply message as it goes on the wire, without its terminating NUL: what
    /// `VarlinkReply(parameters:).serialized()` produces. For replies encoded once and served
    /// many times.
    case encoded([UInt8])
    /// The call is answered with this error.
    case error(VarlinkError)
}
