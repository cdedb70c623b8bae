/// Whether a key must, may or must not appear, given what the rest of the profile says.
enum Presence {
    case required
    case optional
    /// Present is an issue, with this reason (e.g. "a simulated rig has no GPIO lines").
    case forbidden(String)

    /// Required when `condition` is true, forbidden with `reason` when false, optional when unknown
    /// (nil: the deciding key is itself wrong, so do not pile up consequent issues).
    static func required(when condition: Bool?, otherwise reason: String) -> Presence {
        switch condition {
        case true?: .required
        case false?: .forbidden(reason)
        case nil: .optional
        }
    }

    /// Optional when `condition` is true or unknown, forbidden with `reason` when false.
    static func allowed(when condition: Bool?, otherwise reason: String) -> Presence {
        condition == false ? .forbidden(reason) : .optional
    }
}

extension Presence {
    var isRequired: Bool { if case .required = self { true } else { false } }
}
