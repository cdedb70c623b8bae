import ArgumentParser
import PumpCore
import Varlink
import VarlinkCodable

/// What goes into the reservoir, for `refill` and `first-fill`: the volume and the drug with its
/// concentration, in the one unit grammar.
struct FillOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The volume filled, e.g. 20ml.", valueName: "volume"), transform: { try QuantityParser.volume($0) })
    var volume: Int64

    @Option(help: "The drug filled, e.g. baclofen.")
    var drug: String

    @Option(help: ArgumentHelp("Its concentration, e.g. 2000ug/ml.", valueName: "concentration"), transform: { try QuantityParser.concentration($0) })
    var concentration: Int64

    /// `volume` and `drug` as the wire's `Refill` and `FirstFill` carry them.
    var wire: JSONObject {
        ["volume": .integer(volume), "drug": WireCoding.encode(Drug(name: drug, concentration: Concentration(microgramsPerMillilitre: concentration)))]
    }
}
