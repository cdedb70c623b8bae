import PumpCore

/// A first pass over pumpctl's arguments, before ArgumentParser reads them, for what a person
/// typing them needs and ArgumentParser does not give:
///
/// - a misspelt command or option is reported first, with a suggestion (`stauts` → "status",
///   `--durration` → "--duration"), never as a missing one that a command's own check found;
/// - a value that begins with a minus reaches its option's parser: `--from -1h`, `--dose -5ug` and
///   `-n -1` become `--from=-1h`, `--dose=-5ug` and `--limit=-1` (ArgumentParser would read `-1h`
///   as short flags and report a missing value), so the value's own parser says what is wrong.
///
/// What it does not know (ArgumentParser's hidden options, short-flag clusters) it passes on
/// unchanged for ArgumentParser to judge.
struct ArgumentScan {
    /// The arguments to give ArgumentParser.
    let arguments: [String]
    /// The command the arguments name, e.g. `["bolus"]` (empty: the root).
    let commandPath: [String]

    /// A command line pumpctl refuses before parsing, with the command it was for.
    struct Refusal: Error {
        let message: String
        let commandPath: [String]
    }

    init(_ arguments: [String], vocabulary root: CommandVocabulary = .pumpctl) throws(Refusal) {
        var command = root
        var path: [String] = []
        var positionals = 0
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                result += arguments[(index - 1)...]
                break
            }
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                let name = String(body.prefix { $0 != "=" })
                // An option of the default subcommand (`pumpctl calibrate --measured …` is `calibrate set`):
                // ArgumentParser routes it there, so its names are the ones to know from here on.
                if command.long[name] == nil, let fallback = command.defaultSubcommand.flatMap(command.subcommand), fallback.long[name] != nil {
                    command = fallback
                }
                guard let known = command.long[name] else {
                    if Self.builtIn.contains(name) {
                        result.append(argument)
                        continue
                    }
                    throw Refusal(message: Self.unknownOption(argument, name: name, in: command, path: path), commandPath: path)
                }
                result.append(argument)
                if known.takesValue, !body.contains("="), index < arguments.count {
                    let value = arguments[index]
                    if Self.isNegativeValue(value) {
                        result[result.count - 1] = "--\(name)=\(value)"
                        index += 1
                    } else if !value.hasPrefix("-") || value == "-" {  // `-`: stdout or stdin, a value
                        result.append(value)
                        index += 1
                    }
                }
                continue
            }
            if argument.count > 1, argument.hasPrefix("-"), !Self.isNegativeValue(argument) {
                result.append(argument)
                // A short option's value is consumed with it, so it is not mistaken for a command.
                if argument.count == 2, let known = command.short[String(argument.dropFirst())], known.takesValue, index < arguments.count {
                    // `-n -1` as `--limit=-1`, so the value reaches its own check, as for long options.
                    if Self.isNegativeValue(arguments[index]), let long = known.longName {
                        result[result.count - 1] = "--\(long)=\(arguments[index])"
                    } else {
                        result.append(arguments[index])
                    }
                    index += 1
                }
                continue
            }
            result.append(argument)
            if !command.subcommands.isEmpty {
                if argument == "help" {
                    result += arguments[index...]
                    break
                }
                guard let next = command.subcommand(argument) else {
                    throw Refusal(message: Self.unknownCommand(argument, in: command, path: path), commandPath: path)
                }
                command = next
                path.append(argument)
                positionals = 0
                continue
            }
            positionals += 1
            if positionals > command.positionals {
                throw Refusal(
                    message: "unexpected argument \"\(argument)\": pumpctl \((path).joined(separator: " ")) takes "
                        + (command.positionals == 0 ? "no arguments besides its options" : "\(command.positionals) argument(s)"),
                    commandPath: path)
            }
        }
        self.arguments = result
        commandPath = path
    }

    /// ArgumentParser's own long options, which its description of the commands leaves out.
    static let builtIn: Set<String> = ["help", "experimental-dump-help", "generate-completion-script", "version"]

    /// `-1h`, `-5ug`, `-0.5ml`, `-.5ml`: a value, not a short flag.
    static func isNegativeValue(_ text: String) -> Bool {
        let characters = Array(text)
        guard characters.count > 1, characters[0] == "-" else { return false }
        return characters[1].isNumber || characters[1] == "."
    }

    static func unknownOption(_ argument: String, name: String, in command: CommandVocabulary, path: [String]) -> String {
        let typed = "--" + name
        let known = command.long.keys.sorted().map { "--" + $0 }
        let hint = ClosestMatch.didYouMean(typed, among: known) ?? "see pumpctl \((path + ["--help"]).joined(separator: " "))"
        return "unknown option \"\(typed)\" for pumpctl\(path.isEmpty ? "" : " " + path.joined(separator: " ")): \(hint)"
    }

    static func unknownCommand(_ argument: String, in command: CommandVocabulary, path: [String]) -> String {
        let names = command.subcommands.map(\.name)
        let hint = ClosestMatch.didYouMean(argument, among: names) ?? "the commands are \(names.joined(separator: ", "))"
        return "unknown command \"\(argument)\": \(hint)"
    }
}
