import Foundation
import SynIntegrators
import SynModels
import SynSpec
import SynTestSupport
import SynVerification
import Testing

@testable import SynFiles

/// Traces computed outside SynVerify (issue 16). Every trace is written here from a formula or a
/// loop in this file — never by SynVerify's integrators — so the error it carries is known.
@Suite("Traces from other simulators")
struct TraceFileTests {
    /// The catalogue's exp model with its defaults: g(t) = 5 nS·e^(−t/2 ms), t_end 50 ms.
    static func exp() throws -> any VerifiableModel { try ModelCatalog.entry(named: "exp").make() }

    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synverify-traces-\(getpid())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, _ name: String) throws -> String {
        let url = try directory().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// t_k = k·0.1 ms, k = 0 … 500, and g = 5e^(−t/2) + δ·sin(t) with δ = 1e-6 nS: the error is
    /// δ·sin(t_k) up to the rounding of the two exponentials (≈ 1e-15).
    static let times = (0...500).map { Double($0) * 0.1 }
    static let delta = 1e-6
    static func perturbed(_ t: Double) -> Double { 5 * Foundation.exp(-t / 2) + delta * sin(t) }
    static var knownError: Double { times.map { delta * abs(sin($0)) }.max()! }

    @Test("a trace with a known error gets that error reported to 1e-12, from CSV, TSV, .dat, .npy and JSON alike")
    func knownError() throws {
        let csv = "t [ms],g [nS]\n" + Self.times.map { "\($0),\(Self.perturbed($0))" }.joined(separator: "\n")
        let tsv = "time\tg\n" + Self.times.map { "\($0)\t\(Self.perturbed($0))" }.joined(separator: "\n")
        // Seconds and siemens, as NEURON or a Brian2 script might save them, with OMV's scaling.
        let dat = "# t g\n" + Self.times.map { "\($0 / 1000) \(Self.perturbed($0) * 1e-9)" }.joined(separator: "\n")
        let json =
            "{\"t\": [" + Self.times.map { "\($0)" }.joined(separator: ", ") + "], \"g\": ["
            + Self.times.map { "\(Self.perturbed($0))" }.joined(separator: ", ") + "]}"
        let paths = [
            (try Self.write(csv, "a.csv"), TraceFile.Selection()),
            (try Self.write(tsv, "a.tsv"), TraceFile.Selection()),
            (try Self.write(dat, "a.dat"), TraceFile.Selection(columns: ["0", "1"], scale: [1e3, 1e9])),
            (try Self.writeNumpy(), TraceFile.Selection(columns: ["0", "1:g"])),
            (try Self.write(json, "a.json"), TraceFile.Selection()),
        ]
        let model = try Self.exp()
        for (path, selection) in paths {
            let trace = try TraceFile.read(path, variables: model.variables, selection: selection, endTime: 50)
            let c = try Verifier.compare(trace: trace, of: model, name: "exp", endTime: 50)
            let reported = try #require(c.metrics?.maxAbsError)
            // The .dat's scaling multiplies by 1e-9 and back: a relative rounding of 1e-16 on 5 nS.
            #expect(abs(reported - Self.knownError) <= 1e-12, "\(path): \(reported) vs \(Self.knownError)")
            #expect(c.method == .external("trace \(path)"))
            #expect(c.verdict == .pass)  // 1e-6 nS is far below 1 % of 5 nS
        }
    }

    /// A float64 .npy of 501 rows × 2 columns: the v1.0 header (magic, version, length, dict
    /// padded with spaces to a multiple of 64 bytes, ending in a newline), then the rows.
    static func writeNumpy() throws -> String {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(times.count), 2), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        bytes += [UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)]
        bytes += Array(header.utf8)
        for t in times {
            for x in [t, perturbed(t)] {
                withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes += $0 }
            }
        }
        let url = try directory().appendingPathComponent("a.npy")
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Forward Euler written out here, g_{k+1} = g_k + h·(−g_k/τ): global error O(h).
    @Test("the order of an outside forward Euler is measured as 1")
    func outsideEuler() throws {
        let model = try Self.exp()
        var traces: [(step: Double, trace: ExternalTrace)] = []
        for h in [0.1, 0.05, 0.025, 0.0125] {
            var g = 5.0
            var rows: [String] = []
            for k in 0...Int((50 / h).rounded()) {
                rows.append("\(Double(k) * h),\(g)")
                g += h * (-g / 2)
            }
            let path = try Self.write("t,g\n" + rows.joined(separator: "\n"), "euler-\(h).csv")
            traces.append((h, try TraceFile.read(path, variables: model.variables, endTime: 50)))
        }
        let study = try ConvergenceStudy.run(traces: traces, of: model, endTime: 50, expectedOrder: 1)
        #expect(abs(study.order - 1) <= 0.02, "order \(study.order)")
        #expect(study.excluded.isEmpty)
    }

    @Test(
        "bad traces are one line naming the file and the line",
        arguments: [
            ("t,g\n0,5\n0,4\n", "bad.csv:3: time 0.0 ms does not increase"),
            ("t,g\n0,5\n1,nan\n", "bad.csv:3: field 2 is nan"),
            ("t,g\n0,5\n1,x\n", "bad.csv:3: field 2 'x' is not a number"),
            ("t,g\n0,5\n1\n", "bad.csv:3: 1 fields where the first row has 2"),
            ("t,q,r\n0,5,1\n50,4,1\n", "bad.csv: no column names a variable of the model (g)"),
            ("t [ms],g [mV]\n0,5\n50,4\n", "bad.csv: column 'g [mV]': unit 'mV' (mV) does not fit g (nS)"),
            ("t [ms],g [parsec]\n0,5\n50,4\n", "bad.csv: column 'g [parsec]': unknown unit 'parsec'"),
            ("t,g\n0,5\n10,4\n", "bad.csv: the trace ends at 10.0 ms, before the model's end time 50.0 ms"),
            ("t,g\n1,5\n50,4\n", "bad.csv: the trace starts at 1.0 ms"),
            ("", "bad.csv: no data (an empty file)"),
            ("t,g\n", "bad.csv: a header but no data rows"),
            // Found by TraceFuzz: a unit's closing bracket before its opening one.
            ("t,g )(\n0,5\n50,4\n", "bad.csv: column 'g )(': unknown unit ''"),
        ])
    func badTraces(_ item: (String, String)) throws {
        // One file per case: the cases run in parallel.
        let path = try Self.write(item.0, "bad-\(item.0.utf8.reduce(0) { $0 &* 31 &+ Int($1) }).csv")
        let variables = try Self.exp().variables
        #expect(
            performing: { try TraceFile.read(path, variables: variables, endTime: 50) },
            throws: { error in
                let text = "\(error)"
                return text.contains(item.1.replacingOccurrences(of: "bad.csv", with: ".csv")) && !text.contains("\n")
            })
    }

    @Test("a missing column, a wrong --scale count and a truncated .npy are refused, naming the file")
    func badSelections() throws {
        let variables = try Self.exp().variables
        let path = try Self.write("t,g\n0,5\n50,4\n", "ok.csv")
        for (selection, message) in [
            (TraceFile.Selection(columns: ["t", "h"]), "no column named 'h'; columns: t, g"),
            (TraceFile.Selection(columns: ["t", "5"]), "no column 5: the file has 2"),
            (TraceFile.Selection(scale: [1]), "--scale gives 1 factors for 2 selected columns"),
            (TraceFile.Selection(columns: ["t", "g:v"]), "'v' is not a variable of the model (g)"),
        ] {
            #expect(
                performing: { try TraceFile.read(path, variables: variables, selection: selection, endTime: 50) },
                throws: { "\($0)".contains(message) })
        }
        let npy = try Self.write("\u{93}NUMPY", "short.npy")
        #expect(
            performing: { try TraceFile.read(npy, variables: variables, endTime: 50) },
            throws: { "\($0)".contains("short.npy: not a NumPy .npy file") })
    }

    /// NEST's published first spike of its DC-driven membrane (`test_iaf_ps_dc_accuracy`:
    /// τ = 10 ms, C = 250 pF, I = 1000 pA, threshold 15 mV above rest): 4.700036292457356 ms.
    @Test("a spike file is held to the expected spike times")
    func spikeFile() throws {
        let spec = try SpecFile.parse(
            """
            name: dc
            equations: |
              dv/dt = -v/tau + I/C : mV
            parameters: {tau: 10 ms, C: 250 pF, I: 1000 pA}
            threshold: v > 15*mV
            reset: v = 0*mV
            refractory: 1000 ms
            closed_form:
              v: I*tau/C*(1 - exp(-t/tau))*(t < 4.700036292457356*ms)
            expect: {spikes: [4.700036292457356 ms], spike_tolerance: 1e-12 ms}
            t_end: 5 ms
            """, file: "dc.yaml")
        let model = spec.model
        // v(t) = 40 mV·(1 − e^(−t/10 ms)) up to the spike at 10 ln(8/5) ms, exact to rounding; then
        // reset to 0 and held (refractory) to 5 ms. The spike lies between the samples 4.7 and 4.8 ms.
        let rows = (0...50).map { k -> String in
            let t = Double(k) * 0.1
            return "\(t),\(t <= 10 * log(8 / 5) ? 40 * -expm1(-t / 10) : 0)"
        }
        let path = try Self.write("t,v\n" + rows.joined(separator: "\n"), "dc.csv")
        var trace = try TraceFile.read(path, variables: model.variables, endTime: 5)
        for (spike, verdict) in [(4.700036292457356 + 1e-13, Verdict.pass), (4.700036292457356 + 1e-9, .fail)] {
            let spikePath = try Self.write("t [ms]\n" + "\(spike)\n", "spikes.txt")
            trace.spikes = try TraceFile.readSpikes(spikePath)
            let c = try Verifier.compare(trace: trace, of: model, name: "dc", endTime: 5)
            #expect(c.verdict == verdict, "\(spike): \(c.reasons)")
        }
        let seconds = try TraceFile.readSpikes(try Self.write("t [s]\n0.001\n0.002\n", "s.txt"))
        #expect(seconds == [1, 2])
    }
}
