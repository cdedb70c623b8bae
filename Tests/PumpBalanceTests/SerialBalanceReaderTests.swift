#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PumpBalance
import PumpCore
import PumpTestKit
import Synchronization
import Testing

/// The serial reader on a real pseudo-terminal: the kernel's tty layer, termios and poll, with
/// the test playing the balance on the master side.
@Suite struct SerialBalanceReaderTests {
    @Test func linesSentByTheBalanceAreReadWithTheirNumbers() throws {
        let terminal = try PseudoTerminal()
        let reader = try SerialBalanceReader(path: terminal.slavePath, baudRate: .b9600)
        try terminal.send("S S      12.3456 g\r\nS D      12.3460 g\r\n")
        #expect(try reader.nextLine(timeout: .seconds(2)) == BalanceLine(number: 1, text: "S S      12.3456 g"))
        #expect(try reader.nextLine(timeout: .seconds(2)) == BalanceLine(number: 2, text: "S D      12.3460 g"))
    }

    @Test func aLineSplitAcrossWritesIsAssembledAndBareCRAndLFEndLinesToo() throws {
        let terminal = try PseudoTerminal()
        let reader = try SerialBalanceReader(path: terminal.slavePath)
        try terminal.send("+     12.34")
        #expect(try reader.nextLine(timeout: .milliseconds(50)) == nil)
        try terminal.send("56 g  \r")
        #expect(try reader.nextLine(timeout: .seconds(2))?.text == "+     12.3456 g  ")
        try terminal.send("\n\nHigh\n-  0.5 g\r\n")
        // The LF after the CR closes the same line; the empty line is counted but skipped.
        #expect(try reader.nextLine(timeout: .seconds(2)) == BalanceLine(number: 3, text: "High"))
        #expect(try reader.nextLine(timeout: .seconds(2)) == BalanceLine(number: 4, text: "-  0.5 g"))
    }

    @Test func noLineWithinTheTimeoutIsNilAfterWaitingForIt() throws {
        let terminal = try PseudoTerminal()
        let reader = try SerialBalanceReader(path: terminal.slavePath)
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try reader.nextLine(timeout: .milliseconds(150)) == nil)
        #expect(start.duration(to: clock.now) >= .milliseconds(140))
        _ = terminal
    }

    @Test func aReadingIsRequestedWithACommandAndParsed() throws {
        let terminal = try PseudoTerminal()
        let reader = try SerialBalanceReader(path: terminal.slavePath, baudRate: .b19200)
        // The balance, on its own thread, answers once it has seen the command.
        let command = Mutex<String?>(nil)
        Thread {
            let received = try? terminal.received()
            command.withLock { $0 = received }
            try? terminal.send("S S     -0.0012 g\r\n")
        }.start()
        let reading = try reader.requestReading(timeout: .seconds(2))
        #expect(reading == BalanceReading(mass: .micrograms(-1_200), isStable: true))
        #expect(command.withLock { $0 } == "SI\r\n")
    }

    @Test func aBalanceErrorReplyIsRefusedNamingTheLine() throws {
        let terminal = try PseudoTerminal()
        let reader = try SerialBalanceReader(path: terminal.slavePath)
        try terminal.send("S +\r\n")
        #expect(throws: BalanceReadError.line(BalanceLineError(lineNumber: 1, line: "S +", reason: .overload))) {
            try reader.requestReading(timeout: .seconds(2))
        }
    }

    @Test func aLineTooLongIsRefusedAsNotABalance() throws {
        let terminal = try PseudoTerminal()
        let reader = try SerialBalanceReader(path: terminal.slavePath)
        try terminal.send(String(repeating: "\u{7F}", count: SerialBalanceReader.maximumLineLength + 10))
        #expect(throws: SerialPortError.lineTooLong(path: terminal.slavePath, lineNumber: 1, limit: SerialBalanceReader.maximumLineLength)) {
            while try reader.nextLine(timeout: .seconds(2)) != nil {}
        }
    }

    @Test func theOtherEndClosingIsADisconnect() throws {
        var terminal: PseudoTerminal? = try PseudoTerminal()
        let path = try #require(terminal?.slavePath)
        let reader = try SerialBalanceReader(path: path)
        terminal = nil
        #expect(throws: SerialPortError.disconnected(path: path)) { try reader.nextLine(timeout: .seconds(2)) }
    }

    @Test func aMissingDeviceAndAClosedReaderAreRefused() throws {
        #expect(throws: SerialPortError.open(path: "/dev/no-such-balance", errno: ENOENT)) {
            try SerialBalanceReader(path: "/dev/no-such-balance")
        }
        #expect(throws: SerialPortError.configure(path: "/dev/null", errno: ENOTTY)) { try SerialBalanceReader(path: "/dev/null") }
        let terminal = try PseudoTerminal()
        let reader = try SerialBalanceReader(path: terminal.slavePath)
        reader.close()
        #expect(throws: SerialPortError.closed(path: terminal.slavePath)) { try reader.send("SI") }
    }
}
