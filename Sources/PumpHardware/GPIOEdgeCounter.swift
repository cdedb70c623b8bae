import CPumpGPIO

/// Counts the rising edges pending on a line request that reports edge events, without blocking
/// or allocating (into a buffer allocated once): what the encoder, the stall input and the DC
/// peristaltic driver share.
final class GPIOEdgeCounter {
    let request: GPIOLineRequest
    private let events: UnsafeMutablePointer<pump_gpio_edge_event>

    init(request: GPIOLineRequest) {
        precondition(request.eventDescriptor != nil, "edge events requested")
        self.request = request
        events = .allocate(capacity: gpioEventBatch)
    }

    deinit { events.deallocate() }

    /// Reads every pending edge event and returns how many were rising.
    func drainRising() throws(HardwareError) -> Int64 {
        var rising: Int64 = 0
        var read = 0
        repeat {
            read = try request.readEdgeEvents(into: events, capacity: gpioEventBatch)
            for index in 0..<read where events[index].type == PUMP_GPIO_EDGE_RISING { rising += 1 }
        } while read == gpioEventBatch
        return rising
    }

    /// Reads one batch of pending edge events (at most `gpioEventBatch`) and returns how many
    /// were rising: for a loop that waits for edges in between.
    func readRisingBatch() throws(HardwareError) -> Int64 {
        let read = try request.readEdgeEvents(into: events, capacity: gpioEventBatch)
        var rising: Int64 = 0
        for index in 0..<read where events[index].type == PUMP_GPIO_EDGE_RISING { rising += 1 }
        return rising
    }
}
