import Testing
@Test func placeholderVarlinkServer() {}
