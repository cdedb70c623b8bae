import PumpHardware
import PumpProfile
import Synchronization

/// Roles resolved on a task, for the status fast path to reuse on the event loop without a
/// user-database lookup: `getpwuid_r` and `getgrouplist` may wait on NSS (LDAP, sssd), and the
/// event loop serves every connection, the ones reserved for Stop included.
///
/// An entry holds for `lifetime` and only under the access profile it was resolved with, so a
/// reload or a change to the user's groups is seen within `lifetime`. Root and the daemon's own
/// user need no lookup. Any thread may call it.
final class RoleCache: Sendable {
    private struct Key: Hashable {
        var uid: UInt32
        var gid: UInt32
    }

    private struct Entry {
        var role: AccessRole?
        var access: AccessProfile
        /// CLOCK_MONOTONIC nanoseconds after which the entry is not used.
        var expires: Int64
    }

    /// How long a resolved role is reused: 10 s.
    static let lifetime: Int64 = 10_000_000_000
    /// Most users remembered; beyond, the cache starts again (a flood of uids cannot grow it).
    static let capacity = 256

    private let entries = Mutex<[Key: Entry]>([:])

    /// The role of `uid`/`gid` under `policy` without a lookup: `.some(role)` (nil: no access), or
    /// nil when it is not known and must be resolved off the event loop.
    func role(uid: UInt32, gid: UInt32, under policy: AccessPolicy, now: Int64 = SystemClock.monotonicNanoseconds()) -> AccessRole?? {
        if policy.needsNoLookup(uid: uid) { return .some(policy.role(uid: uid, gid: gid)) }
        guard let entry = entries.withLock({ $0[Key(uid: uid, gid: gid)] }), entry.expires > now, entry.access == policy.access
        else { return nil }
        return .some(entry.role)
    }

    /// Resolves the role under `policy` (a user-database lookup: call it on a task) and keeps it.
    func resolve(uid: UInt32, gid: UInt32, under policy: AccessPolicy, now: Int64 = SystemClock.monotonicNanoseconds()) -> AccessRole? {
        let role = policy.role(uid: uid, gid: gid)
        guard !policy.needsNoLookup(uid: uid) else { return role }
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[Key(uid: uid, gid: gid)] = Entry(role: role, access: policy.access, expires: now + Self.lifetime)
        }
        return role
    }
}
