import Foundation

/// JUnit XML for CI: one testsuite per scenario file run, one testcase per action and
/// expectation, a failure element with the reason for each that failed.
public enum JUnitReport {
    public static func xml(_ results: [ScenarioResult]) -> String {
        var lines = [#"<?xml version="1.0" encoding="UTF-8"?>"#]
        let cases = results.reduce(0) { $0 + $1.run.actions.count + $1.expectations.count + 1 }
        let failures = results.reduce(0) { $0 + $1.problems.count }
        let time = results.reduce(0) { $0 + $1.wallSeconds }
        lines.append(#"<testsuites name="pump-hil" tests="\#(cases)" failures="\#(failures)" time="\#(format(time))">"#)
        for result in results {
            let scenario = result.scenario
            let count = result.run.actions.count + result.expectations.count + 1
            lines.append(
                #"  <testsuite name="\#(attribute(scenario.name))" tests="\#(count)" failures="\#(result.problems.count)" time="\#(format(result.wallSeconds))" file="\#(attribute(scenario.file))">"#)
            lines.append(#"    <properties><property name="hazard" value="\#(attribute(scenario.hazard))"/><property name="simulatedSeconds" value="\#(result.simulatedSeconds)"/></properties>"#)
            lines.append(#"    <testcase classname="\#(attribute(scenario.name))" name="runs to its end">"#)
            if let failure = result.failure { lines.append(#"      <failure message="\#(attribute(failure))">\#(XMLText.escaped(result.pumpdLog))</failure>"#) }
            lines.append("    </testcase>")
            for action in result.run.actions {
                lines.append(#"    <testcase classname="\#(attribute(scenario.name))" name="\#(attribute(action.label))">"#)
                if !action.passed { lines.append(#"      <failure message="\#(attribute(action.result))"/>"#) }
                lines.append("    </testcase>")
            }
            for expectation in result.expectations {
                lines.append(#"    <testcase classname="\#(attribute(scenario.name))" name="\#(attribute(expectation.name))">"#)
                lines.append(#"      <system-out>\#(XMLText.escaped(expectation.measured))</system-out>"#)
                if !expectation.passed { lines.append(#"      <failure message="\#(attribute(expectation.reason))">\#(XMLText.escaped(expectation.origin))</failure>"#) }
                lines.append("    </testcase>")
            }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    static func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }

    /// An attribute's value: escaped, and tabs and line breaks as character references, which a
    /// parser's attribute normalisation would otherwise turn into spaces (a message's lines run together).
    static func attribute(_ text: String) -> String {
        var out = ""
        for scalar in XMLText.escaped(text).unicodeScalars {
            switch scalar {
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

}
