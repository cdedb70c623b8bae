/// pumpd's version, in one place: `pumpd --version`, `pumpctl --version`, `pump-hil --version`,
/// io.pumpd.Pump's `GetInfo.version` and the Debian package (scripts/build-deb.sh reads it from
/// the built `pumpd --version`) all come from here.
public enum PumpVersion {
    /// The release number, `MAJOR.MINOR.PATCH`.
    public static let number = "0.5.0"
}
