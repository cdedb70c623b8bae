/// CPU numbers written as the kernel's lists are (`0-3,6`): ascending, runs as ranges.
public struct CPUList: Hashable, Sendable, CustomStringConvertible {
    public var cpus: [Int]

    public init(_ cpus: [Int]) { self.cpus = Array(Set(cpus)).sorted() }

    public var description: String {
        guard !cpus.isEmpty else { return "none" }
        var runs: [String] = []
        var start = cpus[0], end = cpus[0]
        for cpu in cpus.dropFirst() {
            if cpu == end + 1 { end = cpu; continue }
            runs.append(start == end ? "\(start)" : "\(start)-\(end)")
            start = cpu
            end = cpu
        }
        runs.append(start == end ? "\(start)" : "\(start)-\(end)")
        return runs.joined(separator: ",")
    }
}
