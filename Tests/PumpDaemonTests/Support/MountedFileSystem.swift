import Foundation
import PumpTestKit

/// A small file system mounted over a directory for a test: a tmpfs of a fixed size (to fill),
/// or an ext4 image on a loop device (to freeze with fsfreeze). Needs root; `available` says
/// whether this machine allows it, and tests that need one are skipped (and say so) where not.
final class MountedFileSystem {
    let mountPoint: String
    private var image: String?

    static let available: Bool = {
        guard getuid() == 0 else { return false }
        let probe = "/tmp/pumpd-mount-probe-\(getpid())"
        try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard (try? run("/usr/bin/mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", probe)) != nil else { return false }
        _ = try? run("/usr/bin/umount", probe)
        return FileManager.default.isExecutableFile(atPath: "/usr/sbin/fsfreeze")
            && FileManager.default.isExecutableFile(atPath: "/usr/sbin/mkfs.ext4")
    }()

    /// A tmpfs of `megabytes` over `directory`.
    init(tmpfsOver directory: String, megabytes: Int) throws {
        mountPoint = directory
        try Self.run("/usr/bin/mount", "-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0700", "tmpfs", directory)
    }

    /// An ext4 file system of `megabytes` on a loop device over `directory`.
    init(ext4Over directory: String, megabytes: Int) throws {
        mountPoint = directory
        let image = "/tmp/pumpd-ext4-\(UUID().uuidString).img"
        FileManager.default.createFile(atPath: image, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: image))
        try handle.truncate(atOffset: UInt64(megabytes) * 1_048_576)
        try handle.close()
        try Self.run("/usr/sbin/mkfs.ext4", "-q", "-F", image)
        try Self.run("/usr/bin/mount", "-o", "loop", image, directory)
        self.image = image
    }

    func freeze() throws { try Self.run("/usr/sbin/fsfreeze", "-f", mountPoint) }
    func thaw() { _ = try? Self.run("/usr/sbin/fsfreeze", "-u", mountPoint) }

    /// Writes a file until the file system is full; returns its path.
    func fill() -> String {
        let path = mountPoint + "/filler"
        FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { return path }
        let chunk = Data(repeating: 0xA5, count: 64 * 1024)
        while (try? handle.write(contentsOf: chunk)) != nil {}
        let small = Data(repeating: 0xA5, count: 512)
        while (try? handle.write(contentsOf: small)) != nil {}
        try? handle.close()
        return path
    }

    /// Unmounts (lazily: a process that still has files open there cannot keep it) and removes the image.
    func unmount() {
        thaw()
        _ = try? Self.run("/usr/bin/umount", "-l", mountPoint)
        if let image { try? FileManager.default.removeItem(atPath: image) }
    }

    @discardableResult
    static func run(_ command: String, _ arguments: String...) throws -> String {
        let (status, text) = try CommandRun.run(command, arguments)
        guard status == 0 else {
            throw DaemonFailed(reason: "\(command) \(arguments.joined(separator: " ")) exited \(status): \(text)")
        }
        return text
    }
}
