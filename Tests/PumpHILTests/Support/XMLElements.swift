import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Every element of an XML document (JUnit reports, SVG plots) in document order, with its
/// attributes and text, as Foundation's parser reads it.
final class XMLElements: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String], text: String)] = []
    private var open: [Int] = []

    /// Parses `xml`, recording an issue when it is not well-formed.
    static func parse(_ xml: String) -> XMLElements {
        let parser = XMLParser(data: Data(xml.utf8))
        let collected = XMLElements()
        parser.delegate = collected
        let parsed = parser.parse()
        #expect(parsed, "not well-formed XML: \(String(describing: parser.parserError))\n\(xml)")
        return collected
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append((name, attributes, ""))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = open.last { elements[index].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { open.removeLast() }

    /// The attributes of every element called `name`.
    func named(_ name: String) -> [[String: String]] { elements.filter { $0.name == name }.map(\.attributes) }

    /// The text of the elements called `name`, joined.
    func text(of name: String) -> String { elements.filter { $0.name == name }.map(\.text).joined() }

    func element(id: String) -> (name: String, attributes: [String: String], text: String)? {
        elements.first { $0.attributes["id"] == id }
    }
}
