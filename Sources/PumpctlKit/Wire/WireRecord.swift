public import Varlink

/// A structure of io.pumpd.Pump read from JSON; a missing or mistyped field fails with its path.
public protocol WireRecord: VarlinkParameterDecodable {
    init(_ fields: VarlinkParameters) throws(VarlinkError)
}

extension WireRecord {
    /// Reads an object found at `path`, so nested fields fail with their full path.
    public static func decode(_ value: JSONValue, at path: String) throws(VarlinkError) -> Self {
        guard let object = value.objectValue else { throw .invalidParameter(path) }
        return try Self(VarlinkParameters(object, path: path))
    }
}
