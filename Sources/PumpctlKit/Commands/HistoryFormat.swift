import ArgumentParser

/// How `history` prints.
enum HistoryFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}
