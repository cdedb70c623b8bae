public import Varlink

/// `Event`: one entry of the event log; `detail` is the event's fields as JSON text.
public struct WireEvent: WireRecord, Hashable {
    public var sequence: Int64
    public var time: String
    public var kind: String
    public var summary: String
    public var detail: String
    public var caller: WireCaller?

    public init(sequence: Int64, time: String, kind: String, summary: String, detail: String, caller: WireCaller? = nil) {
        self.sequence = sequence
        self.time = time
        self.kind = kind
        self.summary = summary
        self.detail = detail
        self.caller = caller
    }

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        sequence = try fields.required("sequence")
        time = try fields.required("time")
        kind = try fields.required("kind")
        summary = try fields.required("summary")
        detail = try fields.required("detail")
        caller = try fields.optional("caller")
    }
}
