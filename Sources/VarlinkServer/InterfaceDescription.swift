/// Reads what the service needs from an interface's IDL text.
enum InterfaceDescription {
    /// The names of the methods the IDL declares (`method Name(...) -> (...)`), ignoring comments.
    static func methodNames(in idl: String) -> Set<String> {
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
}
