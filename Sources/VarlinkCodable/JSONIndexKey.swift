/// An array index in a coding path, for the encoder and the decoder alike (named as JSONDecoder
/// names it: "Index 3"). Its one stored word fits in an existential's inline buffer:
/// a path element costs no allocation of its own.
struct JSONIndexKey: CodingKey {
    let index: Int
    var intValue: Int? { index }
    var stringValue: String { "Index \(index)" }
    init(intValue: Int) { index = intValue }
    init?(stringValue: String) { nil }
}

/// `super` in a coding path.
struct JSONSuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}
