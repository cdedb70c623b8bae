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
        /// The reply with its terminating NUL.
        let buffer: ByteBuffer
        let callID: UInt64
        let isFinal: Bool
        /// Nil for replies nobody waits on (answers given at once).
        let promise: EventLoopPromise<Void>?
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
    /// Runs while the connection is idle or has been since it was armed (when `idleTimeout` is
    /// set). It is not cancelled when a call starts: cancelling and scheduling a timer per call
    /// cost more than the call itself. When it fires it closes the connection only if it has been
    /// idle for the whole timeout since `idleSince`, and otherwise re-arms for what is left.
    private var idleTimer: Scheduled<Void>?
    /// When the connection last became idle; nil while a call is in flight or a request begun.
    private var idleSince: NIODeadline?
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
        // Usually everything before was consumed: then the read's buffer becomes the inbound
        // buffer instead of being copied into it.
        if inbound.readableBytes == 0 { inbound = bytes } else { inbound.writeBuffer(&bytes) }
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
        for write in waiting { write.promise?.fail(closed) }
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
        idleSince = nil
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

    /// Sends an answer given without a task, as the service's own answers are sent: no promise,
    /// and the reply goes from its bytes to the socket's buffer in one copy.
    private func answerAtOnce(_ id: UInt64, with answer: VarlinkImmediateAnswer) {
        guard current?.wantsReply == true, let context else {
            if case .error(let error) = answer { return handlerFinished(id, error: error) }
            return handlerFinished(id, error: nil)
        }
        let message: ByteBuffer
        switch answer {
        case .reply(let parameters): message = Self.message(VarlinkReply(parameters: parameters).serialized(), context)
        case .encoded(let encoded): message = Self.message(encoded, context)
        case .error(let error): return handlerFinished(id, error: error)
        }
        accept(message, to: id, isFinal: true, errorName: nil, promise: nil)
        handlerFinished(id, error: nil)
    }

    /// Takes one reply for call `id` and hands it to the channel, now or once it is writable; the
    /// future succeeds when it has been handed over.
    func acceptReply(to id: UInt64, bytes: [UInt8], isFinal: Bool, errorName: String?) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        let buffer = context?.channel.allocator.buffer(bytes: bytes) ?? ByteBuffer()
        accept(buffer, to: id, isFinal: isFinal, errorName: errorName, promise: promise)
        return promise.futureResult
    }

    /// A reply's bytes with the terminating NUL, in a buffer for the channel.
    private static func message(_ bytes: [UInt8], _ context: ChannelHandlerContext) -> ByteBuffer {
        var buffer = context.channel.allocator.buffer(capacity: bytes.count + 1)
        buffer.writeBytes(bytes)
        buffer.writeInteger(UInt8(0))
        return buffer
    }

    private func accept(
        _ buffer: ByteBuffer, to id: UInt64, isFinal: Bool, errorName: String?, promise: EventLoopPromise<Void>?
    ) {
        guard !isClosing, context != nil else {
            promise?.fail(core.connectionClosed(closeReason))
            return
        }
        guard var call = current, call.id == id, !call.finalAccepted else {
            promise?.fail(core.internalError("the handler sent a reply after its final reply"))
            return
        }
        guard call.wantsReply else {
            promise?.succeed()
            return
        }
        call.replies += 1
        if isFinal {
            call.finalAccepted = true
            call.outcome = errorName.map { .failed(errorName: $0) } ?? .replied
        }
        current = call
        pendingWrites.append(PendingWrite(buffer: buffer, callID: id, isFinal: isFinal, promise: promise))
        drainPendingWrites()
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
            if let failure, call.wantsReply, let context {
                let message = Self.message(VarlinkReply(failure).serialized(), context)
                accept(message, to: id, isFinal: true, errorName: failure.name, promise: nil)
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
            context.writeAndFlush(wrapOutboundOut(write.buffer), promise: nil)
            if write.isFinal, current?.id == write.callID { current?.finalWritten = true }
            write.promise?.succeed()
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
    /// byte of a next request received. The connection is closed once it has been idle for
    /// `idleTimeout` without a break; see `idleTimer`.
    private func updateIdleTimer() {
        guard let timeout = limits.idleTimeout, priority < .critical, !isClosing else { return }
        guard current == nil && inbound.readableBytes == 0 else {
            idleSince = nil
            return
        }
        if idleSince == nil { idleSince = .now() }
        if idleTimer == nil { armIdleTimer(at: idleSince! + .init(timeout), timeout: timeout) }
    }

    private func armIdleTimer(at deadline: NIODeadline, timeout: Duration) {
        guard let context else { return }
        idleTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.idleTimer = nil
            guard !self.isClosing, let since = self.idleSince else { return }
            let due = since + .init(timeout)
            if NIODeadline.now() >= due {
                self.close(because: "the connection was idle (no call in flight) for \(timeout)")
            } else {
                self.armIdleTimer(at: due, timeout: timeout)
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
        idleSince = nil
        let error = core.requestTooLarge()
        let buffer = Self.message(VarlinkReply(error).serialized(), context)
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
