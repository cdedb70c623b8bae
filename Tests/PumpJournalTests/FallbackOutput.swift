import Glibc

/// Everything written to a pipe's write end, read from its read end until the writer closed it.
func readToEnd(_ descriptor: Int32) -> String {
    var output: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(descriptor, &buffer, buffer.count)
        if count <= 0 { break }
        output += buffer[0..<count]
    }
    return String(decoding: output, as: UTF8.self)
}
