/// Reads what the service needs from an interface's IDL text.
enum InterfaceDescription {
    /// The names of the methods the IDL declares (`method Name(...) -> (...)`), ignoring comments.
    ///
    /// It runs for every interface before the socket is served, and splitting a whole IDL into
    /// Characters cost a noticeable part of pumpd's start, so lines are found in the UTF-8 bytes
    /// (at the same newlines `Character.isNewline` knows) and an all-ASCII line, where bytes and
    /// Characters coincide, is read byte by byte. Other lines (a comment with a µ) are read by
    /// Character, as before.
    static func methodNames(in idl: String) -> Set<String> {
        var names: Set<String> = []
        var idl = idl
        idl.withUTF8 { bytes in
            var start = 0
            var index = 0
            var isASCII = true
            while index <= bytes.count {
                let newline = index == bytes.count ? 1 : newlineLength(bytes, at: index)
                guard newline > 0 else {
                    if bytes[index] >= 0x80 { isASCII = false }
                    index += 1
                    continue
                }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<index])
                let name = isASCII ? asciiMethodName(in: line) : methodName(in: Substring(String(decoding: line, as: UTF8.self)))
                if let name { names.insert(name) }
                index += newline
                start = index
                isASCII = true
            }
        }
        return names
    }

    /// The method a line declares, or nil when it declares none.
    private static func methodName(in line: Substring) -> String? {
        let code = line.drop { $0 == " " || $0 == "\t" }
        guard code.hasPrefix("method"), let afterKeyword = code.dropFirst(6).first, afterKeyword == " " || afterKeyword == "\t"
        else { return nil }
        let name = code.dropFirst(6).drop { $0 == " " || $0 == "\t" }.prefix { $0.isLetter || $0.isNumber }
        return name.isEmpty ? nil : String(name)
    }

    /// `methodName(in:)` for a line of ASCII bytes.
    private static func asciiMethodName(in line: UnsafeBufferPointer<UInt8>) -> String? {
        var index = 0
        while index < line.count, isBlank(line[index]) { index += 1 }
        guard line.count - index > keyword.count, line[index..<index + keyword.count].elementsEqual(keyword),
            isBlank(line[index + keyword.count])
        else { return nil }
        index += keyword.count
        while index < line.count, isBlank(line[index]) { index += 1 }
        let start = index
        while index < line.count, isASCIIAlphanumeric(line[index]) { index += 1 }
        return index > start ? String(decoding: UnsafeBufferPointer(rebasing: line[start..<index]), as: UTF8.self) : nil
    }

    private static let keyword = Array("method".utf8)

    /// The length in bytes of the newline starting at `index` (LF, VT, FF, CR, NEL, LS, PS: the
    /// scalars `Character.isNewline` accepts), or 0.
    private static func newlineLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        switch bytes[index] {
        case 0x0A...0x0D: return 1
        case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: return 2
        case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
            return 3
        default: return 0
        }
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
