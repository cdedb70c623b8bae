import Testing
@testable import VarlinkServer

@Suite("Varlink service: method names read from an interface's IDL")
struct InterfaceDescriptionTests {
    /// The Character-wise reading this replaced, kept as the reference.
    static func referenceMethodNames(in idl: String) -> Set<String> {
        var names: Set<String> = []
        for line in idl.split(whereSeparator: \.isNewline) {
            let code = line.drop { $0 == " " || $0 == "\t" }
            guard code.hasPrefix("method"), let afterKeyword = code.dropFirst(6).first, afterKeyword == " " || afterKeyword == "\t"
            else { continue }
            let name = code.dropFirst(6).drop { $0 == " " || $0 == "\t" }.prefix { $0.isLetter || $0.isNumber }
            if !name.isEmpty { names.insert(String(name)) }
        }
        return names
    }

    @Test func methodsAreReadFromIndentedDeclarationsAndNothingElse() {
        let idl = """
            # method Commented(x: int) -> ()
            interface io.pumpd.Test
            method Ping() -> ()
              method\tIndented2 (a: int) -> ()
            \tmethod   Spaced(a: int) -> (b: int)\r
            methodless Field() -> ()
            method
            method (x: int) -> ()
            type method Nope ()
            error Broken (method: string)
            method Last() -> ()
            """
        #expect(InterfaceDescription.methodNames(in: idl) == ["Ping", "Indented2", "Spaced", "Last"])
        #expect(InterfaceDescription.methodNames(in: idl) == Self.referenceMethodNames(in: idl))
    }

    @Test func methodNamesMatchTheCharacterWiseReadingOnGeneratedIDL() {
        let pieces = ["method", "method ", "method\t", " ", "\t", "\n", "\r\n", "\r", "Get", "Status2", "(", ")", "->", "#", "_", "x", "é", "µ", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", "\u{301}", " \u{301}", "\r\n"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let idl = (0..<Int.random(in: 0...30, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(InterfaceDescription.methodNames(in: idl) == Self.referenceMethodNames(in: idl), "IDL: \(idl.debugDescription)")
        }
    }
}
