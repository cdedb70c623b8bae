import Foundation

/// Standard output, unbuffered: progress reaches a terminal, a pipe or a CI log line by line.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
