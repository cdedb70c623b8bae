/// Whether pumpd drives a line or reads it (only outputs take `drive`).
enum LineDirection {
    case output
    case input
}
