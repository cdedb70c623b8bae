import ArgumentParser
import Varlink

/// The names pumpctl's command line knows, read from ArgumentParser's own description of the
/// commands (so a flag declared on a command is known here without being listed twice): each
/// command's subcommands, and its long and short names with whether each takes a value.
struct CommandVocabulary {
    /// One named argument: `--dose` takes a value, `--json` does not.
    struct Name: Hashable {
        let takesValue: Bool
        /// The option's first long name (`limit` for `-n`), if it has one.
        let longName: String?
    }

    let name: String
    /// Long names without the dashes (`dose`), ArgumentParser's built-in `help` included.
    let long: [String: Name]
    /// Short names without the dash (`h`).
    let short: [String: Name]
    /// How many positional arguments it takes (`Int.max` when one repeats).
    let positionals: Int
    /// The subcommands in declaration order, with ArgumentParser's `help`.
    let subcommands: [CommandVocabulary]
    /// The subcommand ArgumentParser runs when none is named (`set` for `pumpctl calibrate`).
    let defaultSubcommand: String?

    /// pumpctl's whole tree.
    static let pumpctl: CommandVocabulary = {
        guard let tree = try? JSONValue.parse(Array(PumpctlCommand._dumpHelp().utf8)), let command = tree["command"],
            let vocabulary = CommandVocabulary(command)
        else { preconditionFailure("ArgumentParser's description of pumpctl is not the ToolInfo JSON pumpctl reads") }
        return vocabulary
    }()

    private init?(_ command: JSONValue) {
        guard let name = command["commandName"]?.stringValue else { return nil }
        self.name = name
        var long: [String: Name] = [:]
        var short: [String: Name] = [:]
        var positionals = 0
        for argument in command["arguments"]?.arrayValue ?? [] {
            guard let kind = argument["kind"]?.stringValue else { continue }
            if kind == "positional" {
                positionals = argument["isRepeating"]?.boolValue == true ? Int.max : (positionals == Int.max ? Int.max : positionals + 1)
                continue
            }
            let names = argument["names"]?.arrayValue ?? []
            let longName = names.first { ["long", "longWithSingleDash"].contains($0["kind"]?.stringValue) }?["name"]?.stringValue
            let entry = Name(takesValue: kind == "option", longName: longName)
            for spelling in names {
                guard let text = spelling["name"]?.stringValue else { continue }
                switch spelling["kind"]?.stringValue {
                case "long", "longWithSingleDash": long[text] = entry
                case "short": short[text] = entry
                default: continue
                }
            }
        }
        self.long = long
        self.short = short
        self.positionals = positionals
        subcommands = (command["subcommands"]?.arrayValue ?? []).compactMap(CommandVocabulary.init)
        defaultSubcommand = command["defaultSubcommand"]?.stringValue
    }

    /// The subcommand called `name`, exactly as declared.
    func subcommand(_ name: String) -> CommandVocabulary? { subcommands.first { $0.name == name } }
}
