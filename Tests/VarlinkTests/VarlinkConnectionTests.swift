import Foundation
import Glibc
import Testing
import Varlink

@Suite("Blocking client")
struct VarlinkConnectionTests {
    @Test func callSendsTheCallAndReturnsTheReplyParameters() throws {
        let peer = try ScriptedPeer()
        peer.reply(#"{"parameters":{"rate":5}}"#)
        #expect(try peer.connection.call("io.pumpd.Pump.GetStatus", parameters: ["verbose": true]) == ["rate": 5])
        #expect(peer.readMessage() == #"{"method":"io.pumpd.Pump.GetStatus","parameters":{"verbose":true}}"#)
    }

    @Test func aReplyArrivingInPiecesIsReassembled() throws {
        let peer = try ScriptedPeer()
        let descriptor = peer.descriptor
        ScriptedPeer.onThread {
            for byte in Array(#"{"parameters":{"text":"héllo"}}"#.utf8) + [0] {
                _ = withUnsafeBytes(of: byte) { send(descriptor, $0.baseAddress, 1, Int32(MSG_NOSIGNAL)) }
                usleep(200)
            }
        }
        #expect(try peer.connection.call("a.b.C") == ["text": "héllo"])
    }

    @Test func severalRepliesInOneReadAreReturnedOneByOne() throws {
        let peer = try ScriptedPeer()
        try peer.connection.send(VarlinkCall(method: "a.b.First"))
        try peer.connection.send(VarlinkCall(method: "a.b.Second"))
        peer.reply(#"{"parameters":{"n":1}}"#, #"{"parameters":{"n":2}}"#, #"{"parameters":{"n":3}}"#)
        #expect(try peer.connection.receiveReply().parameters == ["n": 1])
        #expect(try peer.connection.call("a.b.Third") == ["n": 2])
        #expect(try peer.connection.receiveReply().parameters == ["n": 3])
    }

    @Test func anErrorReplyIsThrownAndTheConnectionStaysUsable() throws {
        let peer = try ScriptedPeer()
        peer.reply(#"{"error":"io.pumpd.Pump.LimitExceeded","parameters":{"limit":3}}"#, #"{"parameters":{}}"#)
        #expect(throws: VarlinkError("io.pumpd.Pump.LimitExceeded", parameters: ["limit": 3])) {
            try peer.connection.call("io.pumpd.Pump.Bolus")
        }
        #expect(try peer.connection.call("io.pumpd.Pump.GetStatus") == [:])
    }

    @Test func onewayReturnsWithoutWaitingAndSaysSo() throws {
        let peer = try ScriptedPeer()
        #expect(try peer.connection.call("a.b.Ping", oneway: true) == [:])
        #expect(peer.readMessage() == #"{"method":"a.b.Ping","parameters":{},"oneway":true}"#)
    }

    @Test func callMoreDeliversEveryReplyUntilTheFinalOne() throws {
        let peer = try ScriptedPeer()
        peer.reply(#"{"parameters":{"n":1},"continues":true}"#, #"{"parameters":{"n":2},"continues":true}"#, #"{"parameters":{"n":3}}"#)
        var seen: [JSONObject] = []
        try peer.connection.callMore("a.b.Watch") { parameters in
            seen.append(parameters)
            return true
        }
        #expect(seen == [["n": 1], ["n": 2], ["n": 3]])
        #expect(peer.connection.isOpen)
        #expect(peer.readMessage() == #"{"method":"a.b.Watch","parameters":{},"more":true}"#)
    }

    @Test func returningFalseFromAStreamHandlerClosesTheConnection() throws {
        let peer = try ScriptedPeer()
        peer.reply(#"{"parameters":{"n":1},"continues":true}"#, #"{"parameters":{"n":2},"continues":true}"#)
        var count = 0
        try peer.connection.callMore("a.b.Watch") { _ in
            count += 1
            return false
        }
        #expect(count == 1)
        #expect(!peer.connection.isOpen)
        #expect(String(decoding: peer.readUntilClosed(), as: UTF8.self) == #"{"method":"a.b.Watch","parameters":{},"more":true}"# + "\0")
        #expect(throws: VarlinkTransportError.notConnected) { try peer.connection.call("a.b.C") }
    }

    @Test func aStreamEndingInAnErrorThrowsIt() throws {
        let peer = try ScriptedPeer()
        peer.reply(#"{"parameters":{"n":1},"continues":true}"#, #"{"error":"org.varlink.service.ExpectedMore"}"#)
        var count = 0
        #expect(throws: VarlinkError.expectedMore) {
            try peer.connection.callMore("a.b.Watch") { _ in
                count += 1
                return true
            }
        }
        #expect(count == 1)
        #expect(peer.connection.isOpen)
    }

    @Test func continuesForACallWithoutMoreIsATransportError() throws {
        let peer = try ScriptedPeer()
        peer.reply(#"{"parameters":{},"continues":true}"#)
        #expect(throws: VarlinkTransportError.unexpectedContinues) { try peer.connection.call("a.b.C") }
        #expect(!peer.connection.isOpen)
    }

    @Test func aReplyLongerThanTheLimitIsRefused() throws {
        let peer = try ScriptedPeer(maxMessageBytes: 64)
        peer.write(#"{"parameters":{"text":""# + String(repeating: "x", count: 100))
        #expect(throws: VarlinkTransportError.replyTooLarge(limitBytes: 64)) { try peer.connection.call("a.b.C") }
        let complete = try ScriptedPeer(maxMessageBytes: 64)
        complete.reply(#"{"parameters":{"text":""# + String(repeating: "x", count: 100) + #""}}"#)
        #expect(throws: VarlinkTransportError.replyTooLarge(limitBytes: 64)) { try complete.connection.call("a.b.C") }
    }

    @Test func aSilentServiceTimesOut() throws {
        let peer = try ScriptedPeer(receiveTimeout: .milliseconds(20))
        #expect(throws: VarlinkTransportError.timedOut) { try peer.connection.call("a.b.C") }
    }

    @Test func aServiceClosingMidReplyIsReported() throws {
        let peer = try ScriptedPeer()
        peer.write(#"{"parameters":"#)
        shutdown(peer.descriptor, Int32(SHUT_WR))
        #expect(throws: VarlinkTransportError.connectionClosed) { try peer.connection.call("a.b.C") }
    }

    @Test func aMalformedReplyIsReportedWithItsOffset() throws {
        let peer = try ScriptedPeer()
        peer.reply(#"{"parameters":[]}"#)
        #expect(throws: VarlinkTransportError.malformedReply(
            VarlinkMessageError(.wrongType(member: "parameters", expected: "an object", found: "array"), at: 14))
        ) { try peer.connection.call("a.b.C") }
    }

    @Test func connectsByPathWithOrWithoutTheUnixPrefix() throws {
        let directory = try #require(mkdtemp(strdup("/tmp/vlc-XXXXXX")).map { String(cString: $0) })
        defer { rmdir(directory) }
        let path = directory + "/s"
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer {
            close(listener)
            unlink(path)
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        #expect(listen(listener, 4) == 0)
        ScriptedPeer.onThread {
            for _ in 0..<2 {
                let client = accept(listener, nil, nil)
                var byte: UInt8 = 1
                while recv(client, &byte, 1, 0) == 1, byte != 0 {}
                let reply = Array(#"{"parameters":{"ok":true}}"#.utf8) + [0]
                _ = reply.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(client)
            }
        }
        #expect(try VarlinkConnection(path: path, receiveTimeout: .seconds(10)).call("a.b.C") == ["ok": true])
        #expect(try VarlinkConnection(path: "unix:" + path, receiveTimeout: .seconds(10)).call("a.b.C") == ["ok": true])
    }

    @Test func badAddressesAndMissingSocketsFailToConnect() {
        #expect(throws: VarlinkTransportError.invalidAddress("")) { try VarlinkConnection(path: "") }
        let long = "/" + String(repeating: "a", count: 200)
        #expect(throws: VarlinkTransportError.invalidAddress(long)) { try VarlinkConnection(path: long) }
        #expect(throws: VarlinkTransportError.systemCallFailed("connect", errno: ENOENT)) {
            try VarlinkConnection(path: "/nonexistent/pumpd.sock")
        }
    }
}
