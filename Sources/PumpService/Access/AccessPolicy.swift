import Glibc
public import PumpProfile

/// Maps a connecting process's credentials (SO_PEERCRED) to a role, from the profile's [access]
/// lists of users and groups. Root and the daemon's own user are clinicians (they own the rig
/// anyway); anyone else not listed gets no role and every call is refused.
public struct AccessPolicy: Sendable {
    public let access: AccessProfile
    let daemonUID: UInt32

    public init(access: AccessProfile, daemonUID: UInt32) {
        self.access = access
        self.daemonUID = daemonUID
    }

    /// The role of `uid` (primary group `gid`), or nil for no access. Looks the user and their
    /// groups up (NSS: may wait on a directory service), except for root and the daemon's user.
    public func role(uid: UInt32, gid: UInt32) -> AccessRole? {
        if needsNoLookup(uid: uid) { return .programmer }
        guard let user = Self.userName(uid) else { return nil }
        return access.role(user: user, groups: Self.groupNames(user: user, gid: gid))
    }

    /// Root and the daemon's own user: their role needs no user-database lookup.
    func needsNoLookup(uid: UInt32) -> Bool { uid == 0 || uid == daemonUID }

    static func userName(_ uid: UInt32) -> String? {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return String(cString: entry.pw_name)
    }

    static func groupNames(user: String, gid: UInt32) -> [String] {
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(user, gid, &groups, &count) < 0 {
            groups = [gid_t](repeating: 0, count: Int(count))
            _ = getgrouplist(user, gid, &groups, &count)
        }
        return groups.prefix(Int(max(count, 0))).compactMap { id in
            var entry = group()
            var result: UnsafeMutablePointer<group>?
            var buffer = [CChar](repeating: 0, count: 4096)
            guard getgrgid_r(id, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
            return String(cString: entry.gr_name)
        }
    }
}
