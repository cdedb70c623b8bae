extension DrugLibrary {
    /// What the library says about `prescription`: violations (a drug or concentration not allowed,
    /// a hard limit crossed) refuse it; warnings (a soft limit crossed, an "other" drug) need
    /// accepting. Field paths are relative to the prescription (`limits.maximumDailyDose`).
    ///
    /// TODO(library helper): implement; until then the library says nothing.
    public func check(_ prescription: Prescription) -> (violations: [LimitViolation], warnings: [ProgrammingWarning]) {
        ([], [])
    }
}
