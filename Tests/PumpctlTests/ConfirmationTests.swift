import PumpctlKit
import Testing

@Suite struct ConfirmationTests {
    @Test(arguments: ["y", "Y", "yes", "YES", " yes "])
    func yesConfirms(answer: String) {
        let terminal = TestConsole(answers: [answer], inputIsTerminal: true)
        #expect(Confirmation(assumeYes: false).ask("Commit this program?", on: terminal.console) == .confirmed)
        #expect(terminal.errors == "Commit this program? [y/N] ")
    }

    @Test(arguments: ["n", "no", "", "yep", "ja"])
    func anythingButYesDeclines(answer: String) {
        let terminal = TestConsole(answers: [answer], inputIsTerminal: true)
        #expect(Confirmation(assumeYes: false).ask("Commit this program?", on: terminal.console) == .declined)
    }

    @Test func endOfInputDeclines() {
        let terminal = TestConsole(answers: [], inputIsTerminal: true)
        #expect(Confirmation(assumeYes: false).ask("Commit?", on: terminal.console) == .declined)
    }

    @Test func aNonInteractiveStdinIsNeverAskedEvenWithAYesWaiting() {
        let piped = TestConsole(answers: ["y"], inputIsTerminal: false)
        #expect(Confirmation(assumeYes: false).ask("Commit?", on: piped.console) == .notInteractive)
        #expect(piped.errors.isEmpty)
        #expect(piped.answers == ["y"])
    }

    @Test func yesFlagConfirmsWithoutAsking() {
        let piped = TestConsole(answers: [], inputIsTerminal: false)
        #expect(Confirmation(assumeYes: true).ask("Commit?", on: piped.console) == .confirmed)
        #expect(piped.errors.isEmpty)
    }

    @Test func requireMapsDeclineAndNonInteractiveToTheirExitStatuses() {
        let declined = TestConsole(answers: ["n"], inputIsTerminal: true)
        #expect(throws: PumpctlFailure(.declined, "Not committed.")) {
            try Confirmation(assumeYes: false).require("Commit?", on: declined.console, declinedMessage: "Not committed.")
        }
        let piped = TestConsole(inputIsTerminal: false)
        do {
            try Confirmation(assumeYes: false).require("Commit?", on: piped.console, declinedMessage: "Not committed.")
            Issue.record("a piped stdin must not confirm")
        } catch {
            #expect(error.status == .usage)
            #expect(error.message.contains("--yes"))
        }
    }
}
