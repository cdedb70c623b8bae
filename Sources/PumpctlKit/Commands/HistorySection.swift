import ArgumentParser

/// Which part of the history to print.
enum HistorySection: String, ExpressibleByArgument, CaseIterable {
    case events, hours, both
}
