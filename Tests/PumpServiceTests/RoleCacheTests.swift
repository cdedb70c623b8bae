import PumpProfile
import Testing

@testable import PumpService

/// Roles the status fast path may use without a user lookup: only ones a task resolved, for at
/// most `RoleCache.lifetime`, under the same access profile.
@Suite struct RoleCacheTests {
    static let policy = AccessPolicy(access: AccessProfile(programmers: [], operators: [], observers: []), daemonUID: 4_000)
    static let stranger: UInt32 = 3_999_999_999

    @Test func anUnresolvedUserIsUnknownUntilResolvedThenKnownUntilTheEntryExpires() {
        let cache = RoleCache()
        #expect(cache.role(uid: Self.stranger, gid: 1, under: Self.policy, now: 0) == nil)
        #expect(cache.resolve(uid: Self.stranger, gid: 1, under: Self.policy, now: 0) == nil)
        #expect(cache.role(uid: Self.stranger, gid: 1, under: Self.policy, now: RoleCache.lifetime - 1) == .some(nil))
        #expect(cache.role(uid: Self.stranger, gid: 1, under: Self.policy, now: RoleCache.lifetime) == nil)
        #expect(cache.role(uid: Self.stranger, gid: 2, under: Self.policy, now: 0) == nil, "another primary group is another key")
    }

    @Test func aReloadedAccessProfileMakesEveryResolvedRoleUnknown() {
        let cache = RoleCache()
        _ = cache.resolve(uid: Self.stranger, gid: 1, under: Self.policy, now: 0)
        let reloaded = AccessPolicy(
            access: AccessProfile(programmers: [], operators: [], observers: [.user("nobody")]), daemonUID: 4_000)
        #expect(cache.role(uid: Self.stranger, gid: 1, under: reloaded, now: 0) == nil)
    }

    @Test func rootAndTheDaemonsUserNeedNoLookup() {
        let cache = RoleCache()
        #expect(cache.role(uid: 0, gid: 0, under: Self.policy, now: 0) == .some(.programmer))
        #expect(cache.role(uid: 4_000, gid: 4_000, under: Self.policy, now: 0) == .some(.programmer))
    }
}
