/// A Varlink error reply: a reverse-domain name and its typed parameters.
///
/// Handlers throw it to answer a call with an error; the client throws it when a reply carries
/// one. The `org.varlink.service` errors every service may send have static constructors.
public struct VarlinkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The fully qualified error name, e.g. `io.pumpd.Pump.LimitExceeded`.
    public let name: String
    /// The error's parameters; always an object (possibly empty).
    public let parameters: JSONValue

    public init(_ name: String, parameters: JSONObject = [:]) {
        self.name = name
        self.parameters = .object(parameters)
    }

    /// The parameters as an object.
    public var parameterObject: JSONObject { parameters.objectValue ?? [:] }

    /// `io.pumpd.Pump.LimitExceeded {"limit":5}`, or the name alone when there are no parameters.
    public var description: String {
        parameterObject.isEmpty ? name : "\(name) \(parameters)"
    }
}

extension VarlinkError {
    /// The interface every Varlink service implements.
    public static let serviceInterface = "org.varlink.service"

    /// `org.varlink.service.InterfaceNotFound {"interface": …}`: the service has no such interface.
    public static func interfaceNotFound(_ interface: String) -> VarlinkError {
        VarlinkError("org.varlink.service.InterfaceNotFound", parameters: ["interface": .string(interface)])
    }

    /// `org.varlink.service.MethodNotFound {"method": …}`: the interface has no such method.
    public static func methodNotFound(_ method: String) -> VarlinkError {
        VarlinkError("org.varlink.service.MethodNotFound", parameters: ["method": .string(method)])
    }

    /// `org.varlink.service.MethodNotImplemented {"method": …}`: declared but not implemented here.
    public static func methodNotImplemented(_ method: String) -> VarlinkError {
        VarlinkError("org.varlink.service.MethodNotImplemented", parameters: ["method": .string(method)])
    }

    /// `org.varlink.service.InvalidParameter {"parameter": …}`: a missing, mistyped, unknown or
    /// unacceptable parameter, named by its dotted path (e.g. `basal.flex[2].rate`).
    public static func invalidParameter(_ parameter: String) -> VarlinkError {
        VarlinkError("org.varlink.service.InvalidParameter", parameters: ["parameter": .string(parameter)])
    }

    /// `org.varlink.service.PermissionDenied`: the caller may not call this method.
    public static let permissionDenied = VarlinkError("org.varlink.service.PermissionDenied")

    /// `org.varlink.service.ExpectedMore`: the method streams and must be called with `more: true`.
    public static let expectedMore = VarlinkError("org.varlink.service.ExpectedMore")
}
