import Benchmark
import Varlink

// What the Varlink server does per call outside the interface: decode the request, serialize the
// reply, and (for clients and tests) parse replies, on a real GetStatus reply of 1.9 KB
// (GetStatusReplyText.swift) and the calls a client makes. One iteration runs each operation
// `scaledIterations` times (×1000); mallocs are counted by the malloc interposer.

let getStatusReply: [UInt8] = Array(getStatusReplyText.utf8)
let getStatusCall: [UInt8] = Array(#"{"method":"io.pumpd.Pump.GetStatus"}"#.utf8)
let bolusCall: [UInt8] = Array(
    #"{"method":"io.pumpd.Pump.StartBolus","parameters":{"amount":{"micrograms":25},"reason":"breakthrough pain"},"more":false}"#.utf8)

func varlinkConfiguration() -> Benchmark.Configuration {
    .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .nanoseconds, warmupIterations: 3,
        scalingFactor: .kilo, maxDuration: .seconds(5), maxIterations: 1_000)
}

/// The parsed reply, checked once so a benchmark never measures an error path.
func parsedGetStatusReply() throws -> JSONValue {
    let value = try JSONValue.parse(getStatusReply)
    guard value.serialized() == getStatusReply else { throw BenchmarkFixtureError.roundTripChangedTheText }
    return value
}

enum BenchmarkFixtureError: Error { case roundTripChangedTheText, notAReply }

let benchmarks: @Sendable () -> Void = {
    Benchmark("JSONValue: serialize a GetStatus reply (1.9 KB)", configuration: varlinkConfiguration()) { benchmark in
        let value = try parsedGetStatusReply()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(value.serialized()) }
    }
    Benchmark("JSONValue: parse a GetStatus reply (1.9 KB)", configuration: varlinkConfiguration()) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try JSONValue.parse(getStatusReply)) }
    }
    Benchmark("VarlinkCall.decode: GetStatus", configuration: varlinkConfiguration()) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try VarlinkCall.decode(getStatusCall)) }
    }
    Benchmark("VarlinkCall.decode: a call with nested parameters", configuration: varlinkConfiguration()) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try VarlinkCall.decode(bolusCall)) }
    }
    Benchmark("VarlinkReply: serialize a GetStatus reply (1.9 KB)", configuration: varlinkConfiguration()) { benchmark in
        guard let parameters = try parsedGetStatusReply()["parameters"]?.objectValue else { throw BenchmarkFixtureError.notAReply }
        let reply = VarlinkReply(parameters: parameters)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(reply.serialized()) }
    }
    Benchmark("VarlinkReply: serialize an error reply", configuration: varlinkConfiguration()) { benchmark in
        let reply = VarlinkReply(VarlinkError("io.pumpd.Pump.LimitExceeded", parameters: ["limit": "maximumBolus", "value": 100_000]))
        for _ in benchmark.scaledIterations { blackHole(reply.serialized()) }
    }
}
