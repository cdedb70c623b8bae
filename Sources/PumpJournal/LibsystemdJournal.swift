internal import Glibc

/// libsystemd's `sd_journal_sendv`, loaded with dlopen the first time a journal destination needs it.
///
/// pumpd does not link libsystemd: linked, it and the six libraries it pulls in (libcap, libgcrypt,
/// liblzma, libzstd, liblz4, libgpg-error) were loaded, relocated and initialised at every exec,
/// about 0.8 ms of the start, although only a daemon under journald ever calls it. Where the library
/// cannot be loaded, `sendv` is nil and entries go to the writer's stderr fallback.
enum LibsystemdJournal {
    /// `int sd_journal_sendv(const struct iovec *iov, int n)`: 0 or a negative errno.
    typealias SendV = @convention(c) (UnsafePointer<iovec>?, Int32) -> Int32

    /// The library's soname, as its package installs it.
    static let libraryName = "libsystemd.so.0"

    /// Resolved once per process (thread-safe: a static's lazy initialisation).
    static let sendv: SendV? = load(libraryName)

    /// `sd_journal_sendv` from `library`, or nil when the library or the symbol is missing.
    static func load(_ library: String) -> SendV? {
        guard let handle = dlopen(library, RTLD_NOW | RTLD_LOCAL) else { return nil }
        guard let symbol = dlsym(handle, "sd_journal_sendv") else {
            dlclose(handle)
            return nil
        }
        return unsafeBitCast(symbol, to: SendV.self)
    }
}
