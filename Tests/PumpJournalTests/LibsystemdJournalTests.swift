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
}
