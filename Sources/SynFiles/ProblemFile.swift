import Foundation
import SynIntegrators
import SynModels
import SynReports
import SynSpec
import SynVerification

/// A verification problem for another simulator (`synverify problem`): everything it needs to
/// run a spec model, and the values it must reproduce, in one JSON object that needs no
/// SynVerify to read. Schema `synverify-problem`, version 2 (version 1 had no sine inputs and no
/// `inputs`; a reader checks `schema_version` and refuses a newer one in words):
///
/// - `name`, `description`, `t_end_ms`, `sample_times_ms`, `switch_times_ms` (where the
///   right-hand side jumps: input switches and comparisons of t with constants);
/// - `inputs`: each input as data, in SI: `{"name", "kind": "windows", "unit", "amplitude",
///   "windows_s": [[start, end or null], ...]}` (a step or pulses: the amplitude inside each
///   window, 0 outside) or `{"name", "kind": "sine", "unit",
///   "amplitude", "offset", "frequency_hz", "phase_rad"}` (offset + amplitude·sin(2π·f·t + phase));
/// - `brian2`: `equations` in Brian2's syntax with SI base units in the declarations (`: volt`,
///   `: siemens`, as Brian2 requires), the inputs written into them as subexpressions of t
///   (windows with `int(...)`); `namespace` (each parameter's SI value and Brian2 unit), `initial`
///   (likewise), `threshold`, `reset` and `refractory` (Brian2 code and SI; null without a
///   threshold), `pathways` (each train's `spikes` in seconds and its `on_pre` statements,
///   written with temporaries so that sequential execution gives the block's simultaneous
///   assignments);
/// - `variables` (name, internal unit, SI unit, factor internal → SI), `parameters` (internal
///   value, unit, SI value and unit, as written), `initial` (internal units);
/// - `expected`: per variable, the values at `sample_times_ms` in its internal unit, from the
///   closed form (`expected_source` says which) or the numeric reference (rk8pd at 1e-13);
///   `expected_spikes_ms` when the spec states them.
public enum ProblemFile {
    public static let schemaVersion = 2

    /// Why a model cannot be written as a problem.
    public struct Unsupported: Error, CustomStringConvertible {
        public let description: String
    }

    /// The most sample times a problem lists.
    public static let maximumSamples = 1_000_000

    /// The problem of `spec` sampled every `sampleStep` ms (default: 1000 intervals; at most
    /// `maximumSamples`, and no longer than t_end).
    public static func problem(_ spec: SpecFile.Spec, sampleStep: Double? = nil) throws -> JSONValue {
        let model = spec.model
        let doc = model.documentation
        let step = sampleStep ?? model.endTime / 1000
        // Bounded: each sample costs a closed-form or reference value and a line of JSON.
        guard step.isFinite, step > 0, step <= model.endTime, model.endTime / step <= Double(maximumSamples) else {
            throw Unsupported(
                description: "--dt: \(step) ms is out of range: allowed \(model.endTime / Double(maximumSamples)) … "
                    + "\(model.endTime) ms (at most \(maximumSamples) samples up to t_end \(model.endTime) ms)")
        }
        let count = Int((model.endTime / step).rounded(.down))
        let times = (0...count).map { Double($0) * step }.filter { $0 <= model.endTime * (1 + 1e-12) }
        let (expected, source) = try expectedValues(model, times: times)
        let n = model.variables.count
        let dimensions = doc.equationSet.differentials.map(\.unit.dimension)
        let variables: [JSONValue] = (0..<n).map { i in
            .object([
                ("name", .string(model.variables[i].name)), ("unit", .string(model.variables[i].unit)),
                ("si_unit", .string(siUnit(dimensions[i]))), ("si_factor", .number(siFactor(dimensions[i]))),
            ])
        }
        let parameters: [JSONValue] = doc.parameters.map { p in
            let d = p.dimension
            return .object([
                ("name", .string(p.name)), ("value", .number(p.value)), ("unit", .string(p.unit)),
                ("si_value", .number(p.value * siFactor(d))), ("si_unit", .string(siUnit(d))),
                ("as_written", .string(p.definition)),
            ])
        }
        return .object([
            ("schema", .string("synverify-problem")), ("schema_version", .integer(schemaVersion)),
            ("name", .string(model.name)), ("description", .string(spec.description)),
            ("t_end_ms", .number(model.endTime)), ("inputs", inputs(doc)),
            ("brian2", try brian2(model, dimensions: dimensions)),
            ("variables", .array(variables)), ("parameters", .array(parameters)),
            ("initial", .object(zip(model.variables, model.initialState).map { ($0.name, .number($1)) })),
            ("sample_times_ms", .array(times.map { .number($0) })),
            // Where the right-hand side switches (inputs, comparisons of t): a solver should stop there.
            ("switch_times_ms", .array(model.breakpoints.filter { $0 < model.endTime }.map { .number($0) })),
            ("expected_source", .string(source)),
            (
                "expected",
                .object(
                    (0..<n).compactMap { i in
                        expected[i].map { (model.variables[i].name, .array($0.map { .number($0) })) }
                    })
            ),
            ("expected_spikes_ms", model.expectedSpikes.map { .array($0.times.map { .number($0) }) } ?? .null),
        ])
    }

    /// The `inputs` section: each input's kind and numbers in SI (see the schema above).
    static func inputs(_ doc: SpecDocumentation) -> JSONValue {
        let signals: [JSONValue] = doc.signals.map { name, dimension, signal in
            let windows: [JSONValue] = zip(signal.starts, signal.ends).map { start, end in
                .array([.number(start * 1e-3), end.isFinite ? .number(end * 1e-3) : .null])
            }
            return .object([
                ("name", .string(name)), ("kind", .string("windows")),
                ("unit", .string(siUnit(dimension))), ("amplitude", .number(signal.amplitude * siFactor(dimension))),
                ("windows_s", .array(windows)),
            ])
        }
        let sines: [JSONValue] = doc.sines.map { sine in
            .object([
                ("name", .string(sine.name)), ("kind", .string("sine")), ("unit", .string(siUnit(sine.dimension))),
                ("amplitude", .number(sine.amplitude * siFactor(sine.dimension))),
                ("offset", .number(sine.offset * siFactor(sine.dimension))),
                ("frequency_hz", .number(sine.frequency * 1e3)), ("phase_rad", .number(sine.phase)),
            ])
        }
        return .array(signals + sines)
    }

    /// Per variable, the closed form's values at `times` (nil without one), or the numeric
    /// reference's for a `reference: numeric` spec.
    static func expectedValues(_ model: SpecModel, times: [Double]) throws -> ([[Double]?], String) {
        guard model.needsNumericReference else {
            let states = times.map { model.exactState(at: $0) }
            let columns = model.variables.indices.map { i -> [Double]? in
                states.allSatisfy { $0[i] != nil } ? states.map { $0[i]! } : nil
            }
            return (columns, "closed form")
        }
        var options = SolveOptions()
        options.method = .gsl(.rk8pd)
        options.epsAbs = 1e-13
        options.epsRel = 1e-13
        options.endTime = model.endTime
        options.outputTimes = times
        let solution = try Integrator.solve(model, options: options)
        return (solution.values.map { Optional($0) }, "numeric reference: rk8pd, eps_abs = eps_rel = 1e-13")
    }

    /// The factor from SynVerify's internal unit of `d` (ms, mV, pA, mM and their products) to SI.
    public static func siFactor(_ d: SpecDimension) -> Double {
        pow(1e-3, Double(d.time)) * pow(1e-3, Double(d.voltage)) * pow(1e-12, Double(d.current))
    }

    /// Brian2's name for the SI base unit of `d`: a named one (volt, siemens, farad, …) or a
    /// product of second, volt, amp and mmolar powers.
    public static func siUnit(_ d: SpecDimension) -> String {
        let named: [(SpecDimension, String)] = [
            (.dimensionless, "1"), (.time, "second"), (.voltage, "volt"), (.current, "amp"),
            (.concentration, "mmolar"), (.frequency, "hertz"),
            (SpecDimension(voltage: -1, current: 1), "siemens"), (SpecDimension(voltage: 1, current: -1), "ohm"),
            (SpecDimension(time: 1, voltage: -1, current: 1), "farad"),
        ]
        if let name = named.first(where: { $0.0 == d })?.1 { return name }
        let factors = [("second", d.time), ("volt", d.voltage), ("amp", d.current), ("mmolar", d.amount)]
        return factors.filter { $0.1 != 0 }.map { $0.1 == 1 ? $0.0 : "\($0.0)**\($0.1)" }.joined(separator: "*")
    }
}
