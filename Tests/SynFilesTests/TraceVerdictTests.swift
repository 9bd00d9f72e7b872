import Foundation
import SynIntegrators
import SynModels
import SynSpec
import SynTestSupport
import SynVerification
import Testing

@testable import SynFiles

/// Verdicts on numbers from outside that hold whatever produced them (issue 22). Every trace is
/// written here from a hand-derived formula, never by SynVerify's integrators; each wrong one
/// fails and a correct one passes.
@Suite("Trace verdicts")
struct TraceVerdictTests {
    /// The catalogue's exp model: g(t) = 5 nS·e^(−t/2 ms), t_end 50 ms; ∂f/∂g = −1/(2 ms).
    static func exp() throws -> any VerifiableModel { try ModelCatalog.entry(named: "exp").make() }
    static func g(_ t: Double) -> Double { 5 * Foundation.exp(-t / 2) }

    static func trace(_ times: [Double], _ f: (Double) -> Double, step: Double? = nil) -> ExternalTrace {
        ExternalTrace(label: "hand", times: times, columns: [0: times.map(f)], step: step)
    }

    static let dense = (0...500).map { Double($0) * 0.1 }

    @Test("the shortest time scale is 1/|λ|max of the Jacobian: 2 ms for exp, τ2 = 1 ms for the dual exponential")
    func timeScales() throws {
        #expect(abs(Verifier.shortestTimeScale(try Self.exp(), endTime: 50) - 2) <= 2e-6)
        // ds/dt = x, dx/dt = −(τ1 + τ2)/(τ1τ2)·x − s/(τ1τ2): eigenvalues −1/τ1, −1/τ2 (10 ms, 1 ms).
        let dualexp = try SpecFile.read(repositoryRoot.appendingPathComponent("data/models/dualexp.yaml").path)
        #expect(abs(Verifier.shortestTimeScale(dualexp.model, endTime: 50) - 1) <= 1e-6)
    }

    @Test("a sparse or partial trace of exact values is refused; the same values every 0.1 ms pass")
    func sparse() throws {
        let model = try Self.exp()
        let three = try Verifier.compare(trace: Self.trace([0, 25, 50], Self.g), of: model, name: "exp", endTime: 50)
        #expect(three.verdict == .fail)
        #expect(
            three.reasons.first?.contains("gap of 25 ms (from 0 to 25 ms); at most 1 ms") == true, "\(three.reasons)")
        let partial = Self.dense.prefix(51) + [50]
        let c = try Verifier.compare(trace: Self.trace(Array(partial), Self.g), of: model, name: "exp", endTime: 50)
        #expect(c.verdict == .fail)
        #expect(c.reasons.first?.contains("gap of 45 ms") == true, "\(c.reasons)")
        let good = try Verifier.compare(trace: Self.trace(Self.dense, Self.g), of: model, name: "exp", endTime: 50)
        #expect(good.verdict == .pass, "\(good.reasons)")
        // A source that claims a 0.05 ms step but records every 0.1 ms skipped rows.
        var skipping = Self.trace(Self.dense, Self.g, step: 0.05)
        skipping.recordsEveryStep = true
        let skipped = try Verifier.compare(trace: skipping, of: model, name: "exp", endTime: 50)
        #expect(skipped.reasons.first?.contains("the step it claims, 0.05 ms") == true, "\(skipped.reasons)")
    }

    @Test("an engine that writes three rows per run is a FAIL row naming the refusal")
    func engineThreeRows() throws {
        let command = try EngineTests.script(
            "printf 't,g\\n0,5\\n25,1.8500917263e-05\\n50,6.9440013e-11\\n' > \"$2\"")
        let r = try EngineTests.row(command)
        let failure = try #require(r.failure)
        #expect(failure.contains("trace refused") && failure.contains("gap of 25 ms"), "\(failure)")
        #expect(!r.passed)
    }

    @Test("a header naming a column twice is refused, naming it")
    func duplicateColumns() throws {
        let rows = Self.dense.map { "\($0),0,\(Self.g($0))" }.joined(separator: "\n")
        let path = try TraceFileTests.write("t,g,g\n" + rows, "dup.csv")
        let variables = try Self.exp().variables
        for selection in [TraceFile.Selection(), TraceFile.Selection(columns: ["t", "g"])] {
            #expect(
                performing: { try TraceFile.read(path, variables: variables, selection: selection, endTime: 50) },
                throws: { "\($0)".contains("column 'g' appears twice in the header (columns 1 and 2)") })
        }
        // Chosen by index, the second g is read.
        let chosen = try TraceFile.read(
            path, variables: variables, selection: TraceFile.Selection(columns: ["0", "2:g"]), endTime: 50)
        #expect(chosen.columns[0]?.first == 5)
    }

    /// The catalogue's lif-coba: u relaxes from u_reset = −60 mV towards u∞ = −15 mV with
    /// τ′ = 1500 pF/20 nS = 75 ms, crossing u_th = −50 mV after T = 75·ln(45/35) ms: spikes at
    /// k·T, 53 of them in 1000 ms.
    static let period = 75 * log(45.0 / 35)
    static func lif(_ t: Double, period: Double = period) -> Double {
        let since = t - (t / period).rounded(.down) * period
        return -15 + (-60 + 15) * Foundation.exp(-since / 75)
    }

    @Test("spikes given beside a trace must be its threshold crossings; the rate counts them over the span")
    func spikesAndRates() throws {
        let model = try ModelCatalog.entry(named: "lif-coba").make()
        let times = (0...10_000).map { Double($0) * 0.1 }
        var flat = ExternalTrace(label: "flat", times: times, columns: [0: times.map { _ in -60 }])
        flat.spikes = [100, 100 + Self.period]
        let c = try Verifier.compare(trace: flat, of: model, name: "lif-coba", endTime: 1000)
        #expect(c.verdict == .fail)
        #expect(
            c.reasons.first?.contains("2 spike(s) given beside the trace, where its u crosses") == true, "\(c.reasons)")
        let spikes = (1...53).map { Double($0) * Self.period }
        var exact = ExternalTrace(label: "exact", times: times, columns: [0: times.map { Self.lif($0) }])
        exact.spikes = spikes
        let good = try Verifier.compare(trace: exact, of: model, name: "lif-coba", endTime: 1000)
        #expect(good.verdict == .pass, "\(good.reasons)")
        #expect(good.rate?.spikes == 53)
        // Read off the trace's own crossings (no spike file): the same count.
        exact.spikes = nil
        #expect(try Verifier.compare(trace: exact, of: model, name: "lif-coba", endTime: 1000).rate?.spikes == 53)
        // A membrane that stops firing after 10 spikes: the mean interval is right, the count is not.
        let stopping = times.map { $0 < 10 * Self.period ? Self.lif($0) : -60 }
        let stopped = try Verifier.compare(
            trace: ExternalTrace(label: "stops", times: times, columns: [0: stopping]), of: model, name: "lif-coba",
            endTime: 1000)
        #expect(stopped.verdict == .fail)
        #expect(
            stopped.reasons.contains { $0.contains("the spikes stop at") },
            "\(stopped.reasons) \(String(describing: stopped.rate))")
    }

    /// dv/dt = 1 mV/ms from 0: v crosses 10 mV at 10 ms, then is reset far below.
    static func once(threshold: String, rate: String) throws -> any VerifiableModel {
        try SpecFile.parse(
            """
            name: once
            equations: |
              dv/dt = 1*mV/ms : mV
            threshold: v > \(threshold)
            reset: v = -1000*mV
            reference: numeric
            expect: {rate: \(rate)}
            t_end: 20 ms
            """, file: "once.yaml"
        ).model
    }

    @Test("one spike is not a rate of zero; no spike is")
    func oneSpikeIsNoRate() throws {
        let options = adaptiveOptions(end: 20)
        let once = try Verifier.compare(try Self.once(threshold: "10*mV", rate: "0 Hz"), name: "once", options: options)
        #expect(once.verdict == .fail)
        #expect(once.reasons.contains { $0.contains("one spike (at 10 ms)") }, "\(once.reasons)")
        let never = try Verifier.compare(
            try Self.once(threshold: "30*mV", rate: "0 Hz"), name: "never", options: options)
        #expect(never.verdict == .pass, "\(never.reasons)")
    }

    func adaptiveOptions(end: Double) -> SolveOptions {
        var o = SolveOptions()
        o.method = .gsl(.rk8pd)
        o.endTime = end
        return o
    }

    /// NEST's DC membrane (τ = 10 ms, C = 250 pF, I = 1000 pA, threshold 15 mV, reset 0, 2 ms
    /// refractory): spikes every 10·ln(8/5) + 2 ms from 10·ln(8/5) = 4.700036292457356 ms.
    static let dcSpec = """
        name: dc
        equations: |
          dv/dt = -v/tau + I/C : mV (unless refractory)
        parameters: {tau: TAU, C: 250 pF, I: 1000 pA}
        threshold: v > 15*mV
        reset: v = 0*mV
        refractory: 2 ms
        reference: numeric
        t_end: 30 ms
        """
    static let rise = 10 * log(8.0 / 5)
    static func dc(_ t: Double) -> Double {
        let period = rise + 2
        let since = t - (t / period).rounded(.down) * period
        return since < rise ? 40 * -expm1(-since / 10) : 0
    }

    @Test("a fixed-step source's spike times are held to its step, not to 1e-6 ms")
    func spikeToleranceFromStep() throws {
        let model = try SpecFile.parse(Self.dcSpec.replacingOccurrences(of: "TAU", with: "10 ms"), file: "dc.yaml")
            .model
        let times = (0...300).map { Double($0) * 0.1 }
        // A simulator that places each spike at the end of the step it detects it in.
        let exactSpikes = (0..<5).map { Double($0) * (Self.rise + 2) + Self.rise }.filter { $0 < 30 }
        let onGrid = exactSpikes.map { ($0 / 0.1).rounded(.up) * 0.1 }
        var trace = ExternalTrace(label: "grid", times: times, columns: [0: times.map(Self.dc)], spikes: onGrid)
        let unknown = try Verifier.compare(trace: trace, of: model, name: "dc", endTime: 30)
        #expect(unknown.verdict == .fail, "no step given: the tolerance bound, 1e-6 ms")
        trace.step = 0.1
        let held = try Verifier.compare(trace: trace, of: model, name: "dc", endTime: 30)
        #expect(held.verdict == .pass, "\(held.reasons)")
        // The same recording of a membrane with τ = 9 ms: its spikes are late by more than a step.
        let wrong = try SpecFile.parse(Self.dcSpec.replacingOccurrences(of: "TAU", with: "9 ms"), file: "dc.yaml").model
        #expect(try Verifier.compare(trace: trace, of: wrong, name: "dc", endTime: 30).verdict == .fail)
    }

    @Test("a trace ending a few ulps past t_end is judged, with a numeric reference too")
    func ulpPastEnd() throws {
        let spec = try SpecFile.parse(SampleSpecs.expNumeric, file: "exp-numeric.yaml")
        var times = Self.dense
        times[times.count - 1] = 50.00000000000001
        let path = try TraceFileTests.write(
            "t,g\n" + times.map { "\($0),\(Self.g($0))" }.joined(separator: "\n"), "ulp.csv")
        let trace = try TraceFile.read(path, variables: spec.model.variables, endTime: 50)
        let c = try Verifier.compare(trace: trace, of: spec.model, name: "exp-numeric", endTime: 50)
        #expect(c.verdict == .pass, "\(c.reasons)")
        // The order of an outside forward Euler against the numeric reference.
        var traces: [(step: Double, trace: ExternalTrace)] = []
        for h in [0.1, 0.05, 0.025] {
            var g = 5.0
            var values: [Double] = []
            let t = (0...Int((50 / h).rounded())).map { Double($0) * h }
            for _ in t {
                values.append(g)
                g += h * (-g / 2)
            }
            traces.append((h, ExternalTrace(label: "euler", times: t, columns: [0: values])))
        }
        let study = try ConvergenceStudy.run(traces: traces, of: spec.model, endTime: 50, expectedOrder: 1)
        #expect(abs(study.order - 1) <= 0.03, "order \(study.order)")
    }

    /// AMPA with the spec's spikes 0, 0.3 (restarting the pulse: transmitter on 0 … 0.8 ms) and
    /// 10 ms: k = αT + β = 0.67/ms, s∞ = 0.49/0.67; s = s∞(1 − e^(−kt)) on the pulse, then
    /// s(0.8)·e^(−β(t − 0.8)); the second pulse from s(10): s∞ + (s(10) − s∞)e^(−k(t − 10)).
    static func ampa(_ t: Double) -> Double {
        let (k, beta, sInf) = (0.67, 0.18, 0.49 / 0.67)
        let first = sInf * -expm1(-k * 0.8)
        if t <= 0.8 { return sInf * -expm1(-k * t) }
        let before = first * Foundation.exp(-beta * (10 - 0.8))
        if t <= 10 { return first * Foundation.exp(-beta * (t - 0.8)) }
        let second = sInf + (before - sInf) * Foundation.exp(-k * 0.5)
        if t <= 10.5 { return sInf + (before - sInf) * Foundation.exp(-k * (t - 10)) }
        return second * Foundation.exp(-beta * (t - 10.5))
    }

    @Test("a correct AMPA trace whose peak lies at a pulse's end between samples passes; a 2 % high one fails")
    func peakAtKink() throws {
        let spec = try SpecFile.read(repositoryRoot.appendingPathComponent("data/models/ampa.yaml").path)
        let times = (0...166).map { Double($0) * 0.3 } + [50]
        let good = try Verifier.compare(
            trace: Self.trace(times, Self.ampa), of: spec.model, name: "ampa", endTime: 50)
        #expect(good.verdict == .pass, "\(good.reasons)")
        let high = try Verifier.compare(
            trace: Self.trace(times) { 1.02 * Self.ampa($0) }, of: spec.model, name: "ampa", endTime: 50)
        #expect(high.verdict == .fail)
    }

    /// One sampling rule: SynVerify's own classic RK4 at 0.1 ms, written out at every step as if
    /// another simulator had computed it, gets the very figures and verdict its own row gets.
    @Test(
        "the same numbers get the same verdict whether SynVerify or another simulator computed them",
        arguments: ["dualexp-peak", "alpha", "ampa"])
    func sameNumbersSameVerdict(_ name: String) throws {
        let entry = try ModelCatalog.entry(named: name)
        let model = try entry.make()
        var options = SolveOptions()
        options.method = .simulator(.classicRK4)
        options.fixedStep = 0.1
        options.endTime = entry.defaultEndTime
        let own = try Verifier.compare(model, name: name, options: options)
        var everyStep = options
        everyStep.outputTimes = (0...Int((options.endTime / 0.1).rounded())).map { Double($0) * 0.1 }
        let solved = try Integrator.solve(model, options: everyStep)
        var trace = ExternalTrace(
            label: "rk4 elsewhere", times: solved.times,
            columns: Dictionary(uniqueKeysWithValues: solved.values.enumerated().map { ($0.offset, $0.element) }),
            step: 0.1, recordsEveryStep: true)
        trace.spikes = nil
        let outside = try Verifier.compare(trace: trace, of: model, name: name, options: options)
        #expect(outside.verdict == own.verdict, "\(name): \(outside.reasons) vs \(own.reasons)")
        #expect(outside.metrics?.maxAbsError == own.metrics?.maxAbsError, "\(name)")
        #expect(
            outside.peak?.numericTime == own.peak?.numericTime && outside.peak?.numericValue == own.peak?.numericValue)
    }

    /// msbdf at eps 1e-10 on Brian2's COBA neuron (37 spikes): 1.3e-6 ms off at the first spike,
    /// 2.8e-5 ms at the 37th: a shift of one spike moves every later one, as the state's errors
    /// add up. The spike bound now accumulates too (N·D/|du/dt| per spike, summed).
    @Test("spike times of an adaptive multistep solve are held to an accumulating bound, and a shift beyond it fails")
    func accumulatingSpikeBound() throws {
        let spec = try SpecFile.read(
            repositoryRoot.appendingPathComponent("data/models/brian2/stimberg2018-coba-neuron.yaml").path)
        var options = SolveOptions()
        options.method = .gsl(.msbdf)
        options.endTime = spec.model.endTime
        let c = try Verifier.compare(spec.model, name: "coba", options: options)
        #expect(c.verdict == .pass, "\(c.reasons)")
        let spikes = try #require(c.spikeTimes)
        #expect(spikes.expected.count == 37 && spikes.allowances.count == 37)
        // The allowances grow with the spike index and stay far below a step of any simulator.
        #expect(zip(spikes.allowances, spikes.allowances.dropFirst()).allSatisfy { $0 < $1 })
        #expect(spikes.allowances.last! < 1e-2, "\(spikes.allowances.last!)")
        // The 37th spike moved by 1.5 times its allowance fails.
        var shifted = spikes.numeric
        shifted[36] += 1.5 * spikes.allowed(36)
        let moved = SpikeTimeComparison(
            expected: spikes.expected, numeric: shifted, tolerance: spikes.tolerance, allowances: spikes.allowances)
        #expect(moved.violation?.index == 36)
    }

    /// A float64 .npy header declaring `shape` with `payload` bytes of data after it.
    static func numpy(shape: String, payload: Int) throws -> String {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        bytes += [UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)] + Array(header.utf8)
        bytes += [UInt8](repeating: 0, count: payload)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("shape-\(UUID().uuidString).npy")
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test("a .npy shape too large for memory or for Int is refused, naming it, not trapped on or dropped")
    func hugeNumpyShapes() throws {
        let variables = try Self.exp().variables
        let huge = try Self.numpy(shape: "(4611686018427387904, 2)", payload: 32)
        #expect(
            performing: { try TraceFile.read(huge, variables: variables, endTime: 50) },
            throws: { "\($0)".contains(".npy data shorter than its shape [4611686018427387904, 2]") })
        // Found by TraceFuzz: ')' before '(' in the header.
        let inverted = try Self.numpy(shape: ")(", payload: 0)
        #expect(
            performing: { try TraceFile.read(inverted, variables: variables, endTime: 50) },
            throws: { "\($0)".contains(".npy header has no shape") })
        let wide = try Self.numpy(shape: "(2, 99999999999999999999)", payload: 32)
        #expect(
            performing: { try TraceFile.read(wide, variables: variables, endTime: 50) },
            throws: { "\($0)".contains("shape element '99999999999999999999' is not a whole number") })
    }

    @Test("a row wider than any trace is refused while it is split, naming the line")
    func wideRow() throws {
        let path = try TraceFileTests.write("t,g\n" + String(repeating: ",", count: 2_000_000) + "\n", "wide.csv")
        #expect(
            performing: { try TraceFile.read(path, variables: try Self.exp().variables, endTime: 50) },
            throws: {
                "\($0)"
                    == "\(path):2: more than 10000 fields on one line; a trace has a time column and one per variable"
            })
        // A spike list may hold many times on one line.
        let spikes = try TraceFileTests.write(
            (1...20_000).map { "\(Double($0) * 0.01)" }.joined(separator: " "), "many.txt")
        #expect(try TraceFile.readSpikes(spikes).count == 20_000)
    }
}
