import NIOCore
import Varlink

/// One client connection: splits NUL-framed requests, runs them strictly one after another, and
/// applies the limits. Lives on the connection's event loop; handler tasks reach it through a
/// ``ConnectionLink``.
///
/// Backpressure both ways: while a call runs, reading stops once `maxMessageBytes` are buffered;
/// a reply waits (and its handler with it) while the socket is not writable, for at most
/// `slowClientTimeout`.
final class VarlinkConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The request being served.
    private struct InFlight {
        let id: UInt64
        /// Nil for a request that was not a valid call.
        let method: String?
        let wantsReply: Bool
        let started: NIODeadline
        var task: Task<Void, Never>?
        var handlerDone = false
        /// A final reply has been accepted; no more replies are.
        var finalAccepted = false
        /// The final reply has been handed to the channel.
        var finalWritten = false
        var replies = 0
        var outcome: VarlinkCallRecord.Outcome?
    }

    private struct PendingWrite {
        let bytes: [UInt8]
        let callID: UInt64
        let isFinal: Bool
        let promise: EventLoopPromise<Void>
    }

    private let core: ServiceCore
    private let peer: PeerCredentials
    private let priority: ConnectionPriority
    private let eventLoop: any EventLoop
    private var context: ChannelHandlerContext?
    private var inbound = ByteBuffer()
    /// How many bytes at the start of `inbound` are known to hold no NUL.
    private var scanned = 0
    private var current: InFlight?
    private var nextCallID: UInt64 = 0
    private var isProcessing = false
    /// A read requested by the channel that we hold back (backpressure).
    private var readHeld = false
    /// Closing or closed: nothing more is read, dispatched or sent.
    private var isClosing = false
    /// Why the connection closed, for the error a waiting `send` throws.
    private var closeReason = "the connection was closed (by the client or at shutdown)"
    private var incompleteTimer: Scheduled<Void>?
    /// Armed while nothing is in flight and no request is begun (when `idleTimeout` is set).
    private var idleTimer: Scheduled<Void>?
    private var pendingWrites: [PendingWrite] = []
    private var slowClientTimer: Scheduled<Void>?

    init(core: ServiceCore, peer: PeerCredentials, priority: ConnectionPriority, eventLoop: any EventLoop) {
        self.core = core
        self.peer = peer
        self.priority = priority
        self.eventLoop = eventLoop
    }

    private var limits: VarlinkService.Limits { core.limits }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        inbound = context.channel.allocator.buffer(capacity: 0)
        updateIdleTimer()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !isClosing else { return }
        var bytes = unwrapInboundIn(data)
        inbound.writeBuffer(&bytes)
        processInbound()
    }

    func read(context: ChannelHandlerContext) {
        if wantsInput { context.read() } else { readHeld = true }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { drainPendingWrites() }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        close(because: "connection error: \(error)")
    }

    func channelInactive(context: ChannelHandlerContext) {
        isClosing = true
        incompleteTimer?.cancel()
        slowClientTimer?.cancel()
        idleTimer?.cancel()
        let closed = core.connectionClosed(closeReason)
        let waiting = pendingWrites
        pendingWrites = []
        for write in waiting { write.promise.fail(closed) }
        if let call = current {
            call.task?.cancel()
            if call.handlerDone { finish(call, outcome: outcomeAtDisconnect(of: call)) }
        }
        context.fireChannelInactive()
    }

    // MARK: Requests

    /// True while the connection should read more: always when idle (a partial request is below
    /// the limit, or it would have been refused), and while a call runs only until a request's
    /// worth of bytes is waiting.
    private var wantsInput: Bool {
        !isClosing && (current == nil || inbound.readableBytes < limits.maxMessageBytes)
    }

    private func releaseHeldRead() {
        guard readHeld, wantsInput, let context else { return }
        readHeld = false
        context.read()
    }

    /// Dispatches buffered requests one at a time, each only after the previous one finished.
    private func processInbound() {
        // Completing a call synchronously re-enters here; the outer loop picks up the next request.
        guard !isProcessing else { return }
        isProcessing = true
        defer { isProcessing = false }
        while current == nil && !isClosing {
            guard inbound.readableBytes > 0 else {
                inbound.clear()
                scanned = 0
                incompleteTimer?.cancel()
                incompleteTimer = nil
                break
            }
            let view = inbound.readableBytesView
            guard let nul = view[(view.startIndex + scanned)...].firstIndex(of: 0) else {
                scanned = view.count
                if scanned > limits.maxMessageBytes { return refuseOversizedRequest() }
                armIncompleteTimer()
                break
            }
            let length = nul - view.startIndex
            if length > limits.maxMessageBytes { return refuseOversizedRequest() }
            let message = inbound.readBytes(length: length)!
            inbound.moveReaderIndex(forwardBy: 1)
            if inbound.readerIndex > 65_536 { inbound.discardReadBytes() }
            scanned = 0
            incompleteTimer?.cancel()
            incompleteTimer = nil
            dispatch(message)
        }
        if current != nil {
            incompleteTimer?.cancel()
            incompleteTimer = nil
        }
        updateIdleTimer()
        releaseHeldRead()
    }

    private func dispatch(_ message: [UInt8]) {
        idleTimer?.cancel()
        idleTimer = nil
        let id = nextCallID
        nextCallID += 1
        let call: VarlinkCall
        do {
            call = try VarlinkCall.decode(message, maxDepth: limits.maxNestingDepth)
        } catch {
            current = InFlight(id: id, method: nil, wantsReply: true, started: .now())
            handlerFinished(id, error: core.malformedRequest(error))
            return
        }
        current = InFlight(id: id, method: call.method, wantsReply: !call.oneway, started: .now())
        switch core.route(call) {
        case .answer(.success(let parameters)):
            answerAtOnce(id, with: .reply(parameters))
        case .answer(.failure(let error)):
            answerAtOnce(id, with: .error(error))
        case .handler(let interface):
            guard let context else { return }
            if !call.more, let answer = interface.answerAtOnce(call, from: peer) {
                return answerAtOnce(id, with: answer)
            }
            let link = ConnectionLink(handler: NIOLoopBound(self, eventLoop: context.eventLoop), gate: core.gate)
            let replier = VarlinkReplier(callID: id, call: call, link: link, core: core)
            let peer = self.peer
            current?.task = core.tasks.spawn {
                var failure: VarlinkError?
                do throws(VarlinkError) {
                    try await interface.handle(call, from: peer, reply: replier)
                } catch {
                    failure = error
                }
                let error = failure
                link.execute { $0.handlerFinished(id, error: error) }
            }
        }
    }

    /// Sends an answer given without a task, as the service's own answers are sent.
    private func answerAtOnce(_ id: UInt64, with answer: VarlinkImmediateAnswer) {
        var bytes: [UInt8]
        switch answer {
        case .reply(let parameters): bytes = VarlinkReply(parameters: parameters).serialized()
        case .encoded(let encoded): bytes = encoded
        case .error(let error): return handlerFinished(id, error: error)
        }
        bytes.append(0)
        _ = acceptReply(to: id, bytes: bytes, isFinal: true, errorName: nil)
        handlerFinished(id, error: nil)
    }

    /// Takes one reply for call `id` and hands it to the channel, now or once it is writable; the
    /// future succeeds when it has been handed over.
    func acceptReply(to id: UInt64, bytes: [UInt8], isFinal: Bool, errorName: String?) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        guard !isClosing, context != nil else {
            promise.fail(core.connectionClosed(closeReason))
            return promise.futureResult
        }
        guard var call = current, call.id == id, !call.finalAccepted else {
            promise.fail(core.internalError("the handler sent a reply after its final reply"))
            return promise.futureResult
        }
        guard call.wantsReply else {
            promise.succeed()
            return promise.futureResult
        }
        call.replies += 1
        if isFinal {
            call.finalAccepted = true
            call.outcome = errorName.map { .failed(errorName: $0) } ?? .replied
        }
        current = call
        pendingWrites.append(PendingWrite(bytes: bytes, callID: id, isFinal: isFinal, promise: promise))
        drainPendingWrites()
        return promise.futureResult
    }

    /// Called on the loop when call `id`'s handler returned (or, for calls the service answers
    /// itself, at once): sends the error it threw, or an InternalError when it left a call that
    /// wants a reply unanswered.
    func handlerFinished(_ id: UInt64, error: VarlinkError?) {
        guard var call = current, call.id == id else { return }
        call.handlerDone = true
        if isClosing {
            if !call.wantsReply, call.outcome == nil { call.outcome = error.map { .failed(errorName: $0.name) } }
            return finish(call, outcome: outcomeAtDisconnect(of: call))
        }
        current = call
        if !call.finalAccepted {
            let failure = error ?? (call.wantsReply ? core.internalError("the handler returned without a final reply") : nil)
            if let failure, call.wantsReply {
                var bytes = VarlinkReply(failure).serialized()
                bytes.append(0)
                _ = acceptReply(to: id, bytes: bytes, isFinal: true, errorName: failure.name)
            } else {
                current?.outcome = failure.map { .failed(errorName: $0.name) } ?? .completedWithoutReply
            }
        }
        completeIfDone(id)
    }

    private func completeIfDone(_ id: UInt64) {
        guard let call = current, call.id == id, call.handlerDone, !call.wantsReply || call.finalWritten else { return }
        finish(call, outcome: call.outcome ?? .completedWithoutReply)
        processInbound()
    }

    /// A call that was answered (or needed no answer) before the connection closed keeps its
    /// outcome; one still owing its reply was cut off.
    private func outcomeAtDisconnect(of call: InFlight) -> VarlinkCallRecord.Outcome {
        if call.finalWritten { return call.outcome ?? .replied }
        if !call.wantsReply { return call.outcome ?? .completedWithoutReply }
        return .disconnected
    }

    private func finish(_ call: InFlight, outcome: VarlinkCallRecord.Outcome) {
        current = nil
        guard let observe = core.configuration.onCall else { return }
        let elapsed = NIODeadline.now() - call.started
        observe(VarlinkCallRecord(
            peer: peer, method: call.method, outcome: outcome, replies: call.replies,
            duration: .nanoseconds(elapsed.nanoseconds)))
    }

    // MARK: Writing

    private func drainPendingWrites() {
        guard let context else { return }
        while !pendingWrites.isEmpty && context.channel.isWritable && !isClosing {
            let write = pendingWrites.removeFirst()
            var buffer = context.channel.allocator.buffer(capacity: write.bytes.count)
            buffer.writeBytes(write.bytes)
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            if write.isFinal, current?.id == write.callID { current?.finalWritten = true }
            write.promise.succeed()
            if write.isFinal { completeIfDone(write.callID) }
        }
        if pendingWrites.isEmpty {
            slowClientTimer?.cancel()
            slowClientTimer = nil
        } else if slowClientTimer == nil, !isClosing {
            slowClientTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .init(limits.slowClientTimeout)) {
                self.close(because: "the client did not read replies for \(self.limits.slowClientTimeout)")
            }
        }
    }

    // MARK: Limits

    /// Idle means no call in flight (a streaming call counts as in flight until it ends) and no
    /// byte of a next request received: then the idle timer runs; anything else stops it.
    private func updateIdleTimer() {
        guard let timeout = limits.idleTimeout, priority < .critical, let context, !isClosing else { return }
        let idle = current == nil && inbound.readableBytes == 0
        if !idle {
            idleTimer?.cancel()
            idleTimer = nil
        } else if idleTimer == nil {
            idleTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .init(timeout)) {
                self.idleTimer = nil
                self.close(because: "the connection was idle (no call in flight) for \(timeout)")
            }
        }
    }

    private func armIncompleteTimer() {
        guard incompleteTimer == nil, let context else { return }
        incompleteTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .init(limits.incompleteMessageTimeout)) {
            self.close(because: "the request stayed incomplete for \(self.limits.incompleteMessageTimeout)")
        }
    }

    /// Answers RequestTooLarge and closes: the rest of the oversized request cannot be skipped
    /// without reading it, so the connection is not worth keeping.
    private func refuseOversizedRequest() {
        guard let context, !isClosing else { return }
        isClosing = true
        closeReason = "the request exceeded \(limits.maxMessageBytes) bytes"
        incompleteTimer?.cancel()
        inbound.clear()
        let error = core.requestTooLarge()
        var bytes = VarlinkReply(error).serialized()
        bytes.append(0)
        var buffer = context.channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
        // A client that does not read would otherwise keep the connection open.
        context.eventLoop.scheduleTask(in: .init(limits.slowClientTimeout)) { channel.close(promise: nil) }
        if let observe = core.configuration.onCall {
            observe(VarlinkCallRecord(peer: peer, method: nil, outcome: .failed(errorName: error.name), replies: 1, duration: .zero))
        }
    }

    private func close(because reason: String) {
        guard let context, !isClosing else { return }
        closeReason = reason
        isClosing = true
        context.close(promise: nil)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
