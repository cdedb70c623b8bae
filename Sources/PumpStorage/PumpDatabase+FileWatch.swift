extension PumpDatabase {
    /// Starts watching the state files `checkFilesInPlace` checks, calling `onChange` (on a queue
    /// of its own) whenever one of them may have been deleted or replaced; nil when the kernel
    /// cannot watch them (the caller must then run the check often). See `StateFileWatch`.
    public func watchFiles(onChange: @escaping @Sendable () -> Void) -> StateFileWatch? {
        let paths = watched.entries.map(\.path)
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        return StateFileWatch(directory: directory, files: paths, onChange: onChange)
    }
}
