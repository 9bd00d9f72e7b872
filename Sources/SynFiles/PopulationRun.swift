import SynIntegrators
import SynReports
import SynSystem
import SynVerification

/// The seed's f–I experiment (`SeedFIExperiment`) run by another simulator: the population file
/// it reads and the spike file it writes, and the process between. Schema `synverify-population`,
/// version 1 (read by engines/brian2_fi.py):
///
/// - `equations`, `threshold`, `reset`, `method`: the seed's Brian2 strings; `dt_s`, `duration_s`;
/// - `namespace` and `initial`: `{name: {"value": SI, "unit": SI unit name}}`;
/// - `per_neuron`: `{name: {"unit", "values": [SI, ...]}}` (the group has as many neurons);
///
/// and the program writes `{"spikes_ms": [[t, ...] per neuron]}` to the path it is given.
public enum PopulationRun {
    /// The seed's population as the file the program reads (see the type's comment).
    public static func seedPopulation() -> JSONValue {
        let p = SeedFIExperiment.parameters
        func si(_ value: Double, _ unit: String) -> JSONValue {
            .object([("value", .number(value)), ("unit", .string(unit))])
        }
        return .object([
            ("schema", .string("synverify-population")), ("schema_version", .integer(1)),
            ("equations", .string("du/dt = (I + g_l*(u_rest-u) + g_i*(E_i-u))/C_m : volt\nI : amp\ng_i : siemens")),
            ("threshold", .string("u>u_th")), ("reset", .string("u=u_rest")), ("method", .string("euler")),
            ("dt_s", .number(SeedFIExperiment.dt * 1e-3)), ("duration_s", .number(SeedFIExperiment.duration * 1e-3)),
            (
                "namespace",
                .object([
                    ("u_rest", si(p.rest * 1e-3, "volt")), ("g_l", si(p.leak * 1e-9, "siemens")),
                    ("E_i", si(p.shuntReversal * 1e-3, "volt")), ("C_m", si(p.capacitance * 1e-12, "farad")),
                    ("u_th", si(p.threshold * 1e-3, "volt")),
                ])
            ),
            ("initial", .object([("u", si(p.rest * 1e-3, "volt"))])),
            (
                "per_neuron",
                .object([
                    (
                        "I",
                        .object([
                            ("unit", .string("amp")),
                            ("values", .array(SeedFIExperiment.currents.map { .number($0 * 1e-12) })),
                        ])
                    ),
                    (
                        "g_i",
                        .object([
                            ("unit", .string("siemens")),
                            ("values", .array(SeedFIExperiment.shunts.map { .number($0 * 1e-9) })),
                        ])
                    ),
                ])
            ),
        ])
    }

    /// Runs `engine` on the seed's population and judges its spike trains; a failure is a curve
    /// that says why, never a pass.
    public static func run(_ engine: SeedFIExperiment.Engine, workRoot: String? = nil) -> SeedFIExperiment.Curve {
        let label = "\(engine.name):euler"
        let directory: String
        do { directory = try FileSystem.makeTemporaryDirectory(prefix: "synverify-fi-", in: workRoot) } catch {
            return SeedFIExperiment.failed(label, "\(error)")
        }
        defer { FileSystem.removeDirectory(directory) }
        let input = directory + "/population.json"
        let output = directory + "/spikes.json"
        let log = directory + "/log.txt"
        do { try FileSystem.write(seedPopulation().serialized() + "\n", to: input) } catch {
            return SeedFIExperiment.failed(label, "\(error)")
        }
        let outcome = ChildProcess.run(engine.command + [input, output], log: log, timeout: engine.timeout)
        guard outcome == .exited(0) else {
            let last = FileSystem.tail(of: log, bytes: 2048).split(separator: "\n").last.map {
                String($0).withoutControlCharacters
            }
            return SeedFIExperiment.failed(label, "\(outcome)" + (last.map { ": \($0)" } ?? ""))
        }
        do {
            return SeedFIExperiment.judge(label, trains: try spikeTrains(FileSystem.readText(output)))
        } catch {
            return SeedFIExperiment.failed(label, "wrote spikes SynVerify cannot use: \(error)")
        }
    }

    /// The spike file's trains (ms).
    static func spikeTrains(_ text: String) throws -> [[Double]] {
        let json = try JSONReader.parse(text)
        guard let trains = json["spikes_ms"]?.arrayValue else {
            throw FormatError("expected {\"spikes_ms\": [[t, ...] per neuron]}")
        }
        return try trains.enumerated().map { i, train in
            guard let times = train.arrayValue?.compactMap(\.doubleValue), times.count == train.arrayValue?.count,
                times.allSatisfy(\.isFinite), zip(times.dropFirst(), times).allSatisfy({ $0 > $1 })
            else { throw FormatError("spikes_ms[\(i)]: expected increasing finite times (ms)") }
            return times
        }
    }
}
