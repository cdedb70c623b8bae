import PumpWire

/// Reads the caller's role from GetStatus before anything is reviewed: a change only a clinician
/// may make is explained and refused at once, never after a review the caller could not commit.
enum RoleCheck {
    /// Throws `.permissionDenied` unless pumpd says the caller is a clinician; `action` names the
    /// change for the message, e.g. `programming`.
    static func requireClinician(for action: String, in context: CommandContext) throws {
        let status = try context.call("GetStatus").required("status", as: WireStatus.self)
        guard status.callerRole == "clinician" else {
            throw PumpctlFailure(
                .permissionDenied,
                "permission denied: \(action) needs the clinician role; you are \(status.callerRole) "
                    + "(pumpd derives the role from your user); nothing was reviewed or changed")
        }
    }
}
