import GRDB
enum PumpStoragePlaceholder {}
