import Glibc
import Testing

@testable import PumpJournal

/// libsystemd is loaded at run time, not linked: where it is, `sd_journal_sendv` resolves; where it is
/// not, nothing resolves and the writer's entries take its stderr fallback.
@Suite struct LibsystemdJournalTests {
    @Test func installedLibsystemdResolvesSdJournalSendv() {
        #expect(LibsystemdJournal.load(LibsystemdJournal.libraryName) != nil)
        #expect(LibsystemdJournal.sendv != nil)
    }

    @Test func aMissingLibraryResolvesNothing() {
        #expect(LibsystemdJournal.load("libsystemd-pumpd-absent.so.0") == nil)
    }

    /// A library without the symbol (libc here) resolves nothing either, rather than a wrong function.
    @Test func aLibraryWithoutTheSymbolResolvesNothing() {
        #expect(LibsystemdJournal.load("libc.so.6") == nil)
    }

    /// A journald socket but no loadable libsystemd: the writer says so once on its fallback, then
    /// every entry goes there (ELIBACC), so a journal without its fields is never silent about why.
    @Test func aWriterWithoutLibsystemdSaysSoOnceThenFallsBackEntryByEntry() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let writer = JournalWriter(destination: .libsystemd, sendTimeout: .milliseconds(50), fallbackDescriptor: fds[1], libsystemdSend: nil)
        let first = writer.write(JournalEntry(fields: [JournalField("MESSAGE", "one"), JournalField("PRIORITY", "6")]))
        let second = writer.write(JournalEntry(fields: [JournalField("MESSAGE", "two"), JournalField("PRIORITY", "3")]))
        #expect(first == .stderr(errno: ELIBACC))
        #expect(second == .stderr(errno: ELIBACC))
        close(fds[1])
        #expect(readToEnd(fds[0]) == JournalWriter.libsystemdMissingLine + "<6>one\n<3>two\n")
    }

    /// With the library loaded, nothing is said: the notice is for its absence only.
    @Test func aWriterWithLibsystemdSaysNothingOnItsFallback() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        _ = JournalWriter(destination: .libsystemd, sendTimeout: .milliseconds(50), fallbackDescriptor: fds[1], libsystemdSend: LibsystemdJournal.sendv)
        close(fds[1])
        #expect(readToEnd(fds[0]) == "")
    }
}
