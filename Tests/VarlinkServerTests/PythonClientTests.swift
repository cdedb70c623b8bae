import Foundation
import Testing
import Varlink
import VarlinkServer

/// Runs `python3` with `arguments`; returns its exit status, standard output and standard error.
private func runPython(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // The script's output is small: reading one pipe to its end cannot block on the other.
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
}

private let pythonVarlinkAvailable = (try? runPython(["-c", "import varlink"]).status) == 0

/// Drives the service with the Python varlink package (PyPI `varlink`) and prints what it saw.
private let pythonClientScript = """
    import json
    import sys

    import varlink

    out = {}
    with varlink.Client(address=sys.argv[1]) as client:
        out["interfaces"] = client.get_interfaces()
        out["serviceMembers"] = list(client.get_interface("org.varlink.service").members.keys())
        with client.open("io.pumpd.Test") as test:
            out["status"] = test.GetStatus()
            out["count"] = list(test.Count(3, _more=True))
            try:
                test.Fail()
                out["fail"] = None
            except varlink.VarlinkError as error:
                out["fail"] = [error.error(), error.parameters()]
            test.Notify("from-python", _oneway=True)
            out["whoami"] = test.Whoami()
    print(json.dumps(out))
    """

@Suite("Varlink service: Python client", .timeLimit(.minutes(1)))
struct PythonClientTests {
    @Test(
        .enabled(
            if: pythonVarlinkAvailable,
            "the Python varlink package is not importable (pip install varlink==31.0.0); CI installs it"))
    func thePythonVarlinkPackageCanIntrospectCallStreamAndReceiveErrors() async throws {
        try await ServiceFixture.with { fixture in
            let result = try await blocking { try runPython(["-c", pythonClientScript, "unix:" + fixture.path]) }
            try #require(result.status == 0, "python3 failed: \(result.errors)")
            let seen = try JSONValue.parse(result.output)
            #expect(seen["interfaces"] == ["org.varlink.service", "io.pumpd.Test"])
            #expect(seen["serviceMembers"] == [
                "GetInfo", "GetInterfaceDescription", "InterfaceNotFound", "MethodNotFound", "MethodNotImplemented",
                "InvalidParameter", "PermissionDenied", "ExpectedMore",
            ])
            #expect(seen["status"] == ["rate": 120])
            #expect(seen["count"] == [["n": 1], ["n": 2], ["n": 3]])
            #expect(seen["fail"] == ["io.pumpd.Test.LimitExceeded", ["limit": 5]])
            #expect(seen["whoami"]?["pid"]?.integerValue.map(Int32.init) != getpid())
            #expect(seen["whoami"]?["uid"] == .integer(Int64(getuid())))
            #expect(fixture.probe.snapshot.contains("notify from-python"))
        }
    }
}
