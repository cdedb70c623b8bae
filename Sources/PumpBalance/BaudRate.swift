#if canImport(Glibc)
import Glibc
#endif

/// The serial speeds laboratory balances use (9600 is the common default).
public enum BaudRate: Int, Hashable, Sendable, CaseIterable {
    case b1200 = 1_200
    case b2400 = 2_400
    case b4800 = 4_800
    case b9600 = 9_600
    case b19200 = 19_200
    case b38400 = 38_400
    case b57600 = 57_600
    case b115200 = 115_200

    /// The termios speed constant.
    var speed: speed_t {
        switch self {
        case .b1200: speed_t(B1200)
        case .b2400: speed_t(B2400)
        case .b4800: speed_t(B4800)
        case .b9600: speed_t(B9600)
        case .b19200: speed_t(B19200)
        case .b38400: speed_t(B38400)
        case .b57600: speed_t(B57600)
        case .b115200: speed_t(B115200)
        }
    }
}
