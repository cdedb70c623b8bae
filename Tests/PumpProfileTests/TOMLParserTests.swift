import PumpProfile
import Testing

@Suite("TOML parser")
struct TOMLParserTests {
    @Test func scalarsOfEveryTypeParseWithTheirPositions() throws {
        let document = try TOMLDocument(parsing: """
            # comment
            basic = "tab\\there \\"quoted\\" \\u00B5L \\U0001F489"
            literal = 'C:\\no\\escapes'
            decimal = -1_000_000
            hex = 0xFF_FF
            octal = 0o17
            binary = 0b1010
            float = 6.25e-1
            plain_float = +3.5
            yes = true
            no = false
            """)
        #expect(document["basic"]?.string == "tab\there \"quoted\" µL 💉")
        #expect(document["literal"]?.string == #"C:\no\escapes"#)
        #expect(document["decimal"]?.integer == -1_000_000)
        #expect(document["hex"]?.integer == 65_535)
        #expect(document["octal"]?.integer == 15)
        #expect(document["binary"]?.integer == 10)
        #expect(document["float"]?.float == 0.625)
        #expect(document["plain_float"]?.float == 3.5)
        #expect(document["yes"]?.boolean == true)
        #expect(document["no"]?.boolean == false)
        #expect(document["decimal"]?.location == SourceLocation(line: 4, column: 11))
        #expect(document.root.entry(named: "hex")?.keyLocation == SourceLocation(line: 5, column: 1))
    }

    @Test func tablesSubtablesQuotedAndDottedKeysNest() throws {
        let document = try TOMLDocument(parsing: """
            [motor]
            type = "stepper"
            "quoted key" = 1
            step_line.name = "GPIO17"
            step_line.active_low = false

            [sensors.occlusion]
            threshold_pa = 60_000

            [sensors]
            poll = 1
            """)
        #expect(document["motor", "type"]?.string == "stepper")
        #expect(document["motor", "quoted key"]?.integer == 1)
        #expect(document["motor", "step_line", "name"]?.string == "GPIO17")
        #expect(document["motor", "step_line", "active_low"]?.boolean == false)
        #expect(document["sensors", "occlusion", "threshold_pa"]?.integer == 60_000)
        #expect(document["sensors", "poll"]?.integer == 1)
        #expect(document["sensors"]?.table?.location == SourceLocation(line: 10, column: 1))
        #expect(document.root.keys == ["motor", "sensors"])
    }

    @Test func arraysSpanLinesWithCommentsAndATrailingComma() throws {
        let document = try TOMLDocument(parsing: """
            programmers = [
                "group:pumpd-clinicians",  # the clinic
                "user:alice",
            ]
            empty = []
            nested = [[1, 2], ["a"]]
            """)
        let programmers = try #require(document["programmers"]?.array)
        #expect(programmers.compactMap(\.string) == ["group:pumpd-clinicians", "user:alice"])
        #expect(programmers.map(\.location) == [SourceLocation(line: 2, column: 5), SourceLocation(line: 3, column: 5)])
        #expect(document["empty"]?.array?.isEmpty == true)
        #expect(document["nested"]?.array?.count == 2)
    }

    @Test func inlineTablesAndArraysOfTablesKeepEachElement() throws {
        let document = try TOMLDocument(parsing: """
            step_line = { name = "GPIO17", active_low = false }

            [[microstep_lines]]
            name = "GPIO5"

            [[microstep_lines]]
            name = "GPIO6"
            [microstep_lines.extra]
            x = 1
            """)
        #expect(document["step_line", "name"]?.string == "GPIO17")
        #expect(document["step_line"]?.location == SourceLocation(line: 1, column: 13))
        let lines = try #require(document["microstep_lines"]?.array)
        #expect(lines.compactMap { $0.table?["name"]?.string } == ["GPIO5", "GPIO6"])
        #expect(lines[1].table?["extra"]?.table?["x"]?.integer == 1)
        #expect(lines.map(\.location.line) == [3, 6])
    }

    @Test func crlfLineEndingsAreAccepted() throws {
        let document = try TOMLDocument(parsing: "a = 1\r\n[t]\r\nb = 2\r\n")
        #expect(document["t", "b"]?.integer == 2)
        #expect(document["t", "b"]?.location == SourceLocation(line: 3, column: 5))
    }

    /// A syntax error, its position and a fragment of what it says was expected.
    struct SyntaxCase: CustomTestStringConvertible, Sendable {
        var text: String
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { message }
    }

    static let syntaxCases: [SyntaxCase] = [
        SyntaxCase(text: "name = \n", line: 1, column: 8, message: "expected a value"),
        SyntaxCase(text: "[motor\nx = 1", line: 1, column: 7, message: "expected ']' to close the table header"),
        SyntaxCase(text: "[[lines]\n", line: 1, column: 9, message: "expected ']]' to close the array-of-tables header"),
        SyntaxCase(text: "a = 1\nb 2", line: 2, column: 3, message: "expected '=' after the key b, found '2'"),
        SyntaxCase(text: "a = \"abc\nb = 1", line: 1, column: 9, message: "expected '\"' to close the string that starts at 1:5"),
        SyntaxCase(text: "a = \"\\q\"", line: 1, column: 6, message: "invalid escape sequence '\\q'"),
        SyntaxCase(text: "a = 1\nb = 2\na = 3", line: 3, column: 1, message: "duplicate key a: already defined at 1:1"),
        SyntaxCase(text: "[a]\nx = 1\n\n[a]", line: 4, column: 1, message: "table [a] is defined twice (first at 1:1)"),
        SyntaxCase(text: "a = 007", line: 1, column: 5, message: "leading zeros are not allowed"),
        SyntaxCase(text: "a = 1__0", line: 1, column: 5, message: "invalid number '1__0'"),
        SyntaxCase(text: "a = 99999999999999999999", line: 1, column: 5, message: "does not fit in 64 bits"),
        SyntaxCase(text: "kind = gpio", line: 1, column: 8, message: "strings must be quoted"),
        SyntaxCase(text: "a = 1 b = 2", line: 1, column: 7, message: "expected a newline or a comment after the value, found 'b'"),
        SyntaxCase(text: "a = \"µµ\" b", line: 1, column: 10, message: "expected a newline or a comment after the value"),
        SyntaxCase(text: "a = { b = 1,\n c = 2 }", line: 1, column: 13, message: "an inline table (opened at 1:5) must be on one line"),
        SyntaxCase(text: "a = { b = 1, }", line: 1, column: 14, message: "no trailing comma"),
        SyntaxCase(text: "a = [1, 2\n", line: 2, column: 1, message: "expected ',' or ']' after an element of the array that starts at 1:5"),
        SyntaxCase(text: "when = 1979-05-27", line: 1, column: 8, message: "dates and times are not supported"),
        SyntaxCase(text: "a = \"\"\"\nmulti\n\"\"\"", line: 1, column: 5, message: "multi-line strings"),
        SyntaxCase(text: "a = 1\n[a.b]", line: 2, column: 1, message: "cannot use a as a table: it is already an integer (defined at 1:1)"),
        SyntaxCase(text: "a = { b = 1 }\n[a.c]", line: 2, column: 1, message: "cannot extend a: it is an inline table"),
        SyntaxCase(text: "[[a]]\n[a]", line: 2, column: 1, message: "write [[a]] to add an element"),
        SyntaxCase(text: "[t]\nx.y = 1\n[t.x]", line: 3, column: 1, message: "table [t.x] was already defined by dotted keys at 2:1"),
        SyntaxCase(text: "[t.x]\n[t]\nx.y = 1", line: 3, column: 1, message: "cannot add to x with a dotted key"),
        SyntaxCase(text: "= 1", line: 1, column: 1, message: "expected a key"),
    ]

    @Test(arguments: syntaxCases)
    func syntaxErrorsReportLineColumnAndWhatWasExpected(_ example: SyntaxCase) {
        do {
            _ = try TOMLDocument(parsing: example.text)
            Issue.record("parsed without error: \(example.text)")
        } catch {
            #expect(error.location == SourceLocation(line: example.line, column: example.column), "\(error)")
            #expect(error.message.contains(example.message), "\(error)")
            #expect(error.description.hasPrefix("\(example.line):\(example.column): "))
        }
    }
}
