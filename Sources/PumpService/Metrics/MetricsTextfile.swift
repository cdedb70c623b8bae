import Glibc
public import PumpControl
public import PumpCore
import Prometheus
public import VarlinkServer

/// Prometheus metrics in the text format, written to a file for node_exporter's textfile
/// collector (no network listener): a temporary name in the same directory, fsync, rename, so the
/// collector never reads half a file.
///
/// Callers: `record(_:)` from the Varlink service's call hook (any thread); `write(...)` from one
/// task at the metrics interval.
public final class MetricsTextfile: Sendable {
    public let path: String
    private let registry: PrometheusCollectorRegistry
    private let delivered: Gauge
    private let missed: Gauge
    private let flow: Gauge
    private let reservoir: Gauge
    private let battery: Gauge
    private let running: Gauge
    private let alarms: [AlarmKind: Gauge]
    private let lateness: [String: Gauge]

    public init(path: String) {
        self.path = path
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        delivered = registry.makeGauge(name: "pumpd_delivered_nanograms", help: "Drug delivered since the state database began (ng).")
        missed = registry.makeGauge(name: "pumpd_missed_nanolitres", help: "Volume owed while delivery was off, never caught up (nL).")
        flow = registry.makeGauge(name: "pumpd_flow_picolitres_per_day", help: "Programmed flow now (pL/day).")
        reservoir = registry.makeGauge(name: "pumpd_reservoir_nanolitres", help: "Accounted reservoir volume remaining (nL).")
        battery = registry.makeGauge(name: "pumpd_battery_millivolts", help: "Latest battery reading (mV); absent until read.")
        running = registry.makeGauge(name: "pumpd_delivery_running", help: "1 while delivery runs, else 0.")
        alarms = Dictionary(uniqueKeysWithValues: AlarmKind.allCases.map {
            ($0, registry.makeGauge(name: "pumpd_alarm_active", labels: [("alarm", $0.rawValue)], help: "1 while the alarm is active."))
        })
        lateness = Dictionary(uniqueKeysWithValues: ["0.5", "0.99", "1"].map {
            ($0, registry.makeGauge(
                name: "pumpd_loop_wake_lateness_seconds", labels: [("quantile", $0)],
                help: "Control loop wake lateness since start (quantile 1 is the maximum)."))
        })
    }

    /// Counts one API call by method and outcome.
    public func record(_ call: VarlinkCallRecord) {
        let outcome: String =
            switch call.outcome {
            case .replied, .completedWithoutReply: "ok"
            case .failed(let name): name
            case .disconnected: "disconnected"
            }
        registry.makeCounter(
            name: "pumpd_api_calls_total", labels: [("method", call.method ?? "invalid"), ("outcome", outcome)],
            help: "Control API calls by method and outcome."
        ).increment()
    }

    /// Updates every gauge from `session` and the loop's lateness, then replaces the file.
    public func write(session: TherapySession, lateness summary: LatenessSummary) throws {
        delivered.set(session.ledger.deliveredMass.nanograms)
        missed.set(session.ledger.missed.nanolitres)
        flow.set(session.currentRate.picolitresPerDay)
        reservoir.set(session.reservoirRemaining.nanolitres)
        if let millivolts = session.battery.latestMillivolts { battery.set(millivolts) }
        if case .running = session.mode { running.set(Int64(1)) } else { running.set(Int64(0)) }
        let active = Set(session.alarms.activeAlarms.map(\.kind))
        for (kind, gauge) in alarms { gauge.set(Int64(active.contains(kind) ? 1 : 0)) }
        lateness["0.5"]?.set(Double(summary.p50) / 1e9)
        lateness["0.99"]?.set(Double(summary.p99) / 1e9)
        lateness["1"]?.set(Double(summary.max) / 1e9)
        try replaceFile(with: registry.emitToBuffer())
    }

    private func replaceFile(with bytes: [UInt8]) throws {
        let slash = path.lastIndex(of: "/")
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        // The temporary name must not match *.prom, or the collector could read it half-written.
        let temporary = directory + "/." + name + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw MetricsError(path: temporary, errno: errno) }
        // Readable by the collector's user whatever the service's UMask (0077 under systemd).
        _ = fchmod(fd, 0o644)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == bytes.count, synced == 0 else { throw MetricsError(path: temporary, errno: errno) }
        guard rename(temporary, path) == 0 else { throw MetricsError(path: path, errno: errno) }
    }

    struct MetricsError: Error, CustomStringConvertible {
        var path: String
        var errno: Int32
        var description: String { "\(path): \(String(cString: strerror(errno)))" }
    }
}
