/// Splits RFC 4180 CSV text into records: fields separated by `delimiter`, records by CRLF, LF or
/// CR, fields optionally in double quotes (inside which delimiters and line breaks are data and
/// `""` is one quote). A leading byte-order mark is skipped; blank lines are skipped.
enum CSVRecordReader {
    struct Record: Hashable {
        /// The line the record starts on (the first line is 1).
        var line: Int
        var fields: [String]
    }

    static func records(_ text: String, delimiter: Character) throws(BalanceCSVError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false  // inside quotes
        var wasQuoted = false  // the current field was quoted (text after its closing quote is kept)
        var line = 1
        var recordLine = 1
        var characters = Substring(text)
        if characters.first == "\u{FEFF}" { characters = characters.dropFirst() }

        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !wasQuoted) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            field = ""
            wasQuoted = false
        }

        var index = characters.startIndex
        while index < characters.endIndex {
            let character = characters[index]
            index = characters.index(after: index)
            let isBreak = character == "\r\n" || character == "\n" || character == "\r"
            if quoted {
                if character == "\"" {
                    if index < characters.endIndex, characters[index] == "\"" {
                        field.append("\"")
                        index = characters.index(after: index)
                    } else {
                        quoted = false
                    }
                } else {
                    if isBreak { line += 1 }
                    field.append(character)
                }
            } else if character == "\"" && field.isEmpty && !wasQuoted {
                quoted = true
                wasQuoted = true
            } else if character == delimiter {
                fields.append(field)
                field = ""
                wasQuoted = false
            } else if isBreak {
                endRecord()
                line += 1
                recordLine = line
            } else {
                field.append(character)
            }
        }
        if quoted { throw .unterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }
}
