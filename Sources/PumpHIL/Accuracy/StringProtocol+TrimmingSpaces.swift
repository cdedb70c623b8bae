extension StringProtocol {
    /// Without leading and trailing spaces and tabs (line breaks are the CSV reader's business).
    var trimmingSpaces: SubSequence {
        var result = self[...]
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
