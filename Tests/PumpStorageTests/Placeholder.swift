import Testing
@Test func placeholderPumpStorage() {}
