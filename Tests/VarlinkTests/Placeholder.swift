import Testing
@Test func placeholderVarlink() {}
