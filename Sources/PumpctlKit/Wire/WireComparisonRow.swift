public import Varlink

/// `ComparisonRow`: one line of the old-versus-new review, as pumpd words it.
public struct WireComparisonRow: WireRecord, Hashable {
    public var label: String
    public var old: String
    public var new: String
    public var changed: Bool

    public init(label: String, old: String, new: String, changed: Bool) {
        self.label = label
        self.old = old
        self.new = new
        self.changed = changed
    }

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        label = try fields.required("label")
        old = try fields.required("old")
        new = try fields.required("new")
        changed = try fields.required("changed")
    }
}
