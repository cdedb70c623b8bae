import Varlink

/// `org.varlink.service`, which the service answers itself.
enum OrgVarlinkService {
    static let name = "org.varlink.service"

    static let description = """
        # The Varlink Service Interface is provided by every varlink service. It
        # describes the service and the interfaces it implements.
        interface org.varlink.service

        # Get a list of all the interfaces a service provides and information
        # about the implementation.
        method GetInfo() -> (
          vendor: string,
          product: string,
          version: string,
          url: string,
          interfaces: []string
        )

        # Get the description of an interface that is implemented by this service.
        method GetInterfaceDescription(interface: string) -> (description: string)

        # The requested interface was not found.
        error InterfaceNotFound (interface: string)

        # The requested method was not found
        error MethodNotFound (method: string)

        # The interface defines the requested method, but the service does not
        # implement it.
        error MethodNotImplemented (method: string)

        # One of the passed parameters is invalid.
        error InvalidParameter (parameter: string)

        # Client is denied access
        error PermissionDenied ()

        # Method is expected to be called with 'more' set to true, but wasn't
        error ExpectedMore ()

        """

    /// The reply parameters for a call of this interface, or the error to answer with.
    static func answer(_ call: VarlinkCall, core: ServiceCore) -> Result<JSONObject, VarlinkError> {
        do throws(VarlinkError) {
            switch call.methodName {
            case "GetInfo":
                try call.input.rejectUnknown(allowed: [])
                let configuration = core.configuration
                return .success([
                    "vendor": .string(configuration.vendor),
                    "product": .string(configuration.product),
                    "version": .string(configuration.version),
                    "url": .string(configuration.url),
                    "interfaces": .array(([name] + core.interfaceNames).map { .string($0) }),
                ])
            case "GetInterfaceDescription":
                try call.input.rejectUnknown(allowed: ["interface"])
                let interface = try call.input.required("interface", as: String.self)
                if interface == name { return .success(["description": .string(description)]) }
                guard let served = core.interfaces[interface] else { throw .interfaceNotFound(interface) }
                return .success(["description": .string(served.description)])
            default:
                throw .methodNotFound(call.method)
            }
        } catch {
            return .failure(error)
        }
    }
}
