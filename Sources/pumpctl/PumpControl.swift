import PumpctlKit

@main
enum PumpControl {
    static func main() {
        print(QuantityFormatter.mass(nanograms: 0))
    }
}
