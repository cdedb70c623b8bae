import PumpProfile
import Testing

@testable import PumpService

@Suite struct AccessPolicyTests {
    static let access = AccessProfile(programmers: [.user("nobody-clinician")], operators: [.user("daemon")], observers: [.group("nogroup")])

    @Test func rootAndTheDaemonsOwnUserAreClinicians() {
        let policy = AccessPolicy(access: Self.access, daemonUID: 4242)
        #expect(policy.role(uid: 0, gid: 0) == .programmer)
        #expect(policy.role(uid: 4242, gid: 4242) == .programmer)
    }

    @Test func listedUsersAndGroupsGetTheirRoleAndOthersNone() {
        let policy = AccessPolicy(access: Self.access, daemonUID: 4242)
        #expect(policy.role(uid: 1, gid: 1) == .operator)  // user daemon
        #expect(policy.role(uid: 65534, gid: 65534) == .observer)  // nobody, through group nogroup
        #expect(policy.role(uid: 33, gid: 33) == nil)  // www-data: not listed
        #expect(policy.role(uid: 987_654, gid: 987_654) == nil)  // no such user
    }

    @Test func rolesHaveTheirAPINames() {
        #expect([AccessRole.observer, .operator, .programmer].map(\.apiName) == ["observer", "operator", "clinician"])
    }
}
