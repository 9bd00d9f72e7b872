import SynIntegrators
import SynKernels
import SynModels
import SynVerifyGSL

/// Numbers computed outside SynVerify — a simulator's recorded trace — for one model: times (ms)
/// and, for some of the model's variables, values in the variable's internal unit.
public struct ExternalTrace: Sendable, Equatable {
    /// Names the source in verdicts and reports ("trace a.csv", "brian2:rk4 @ 0.1 ms").
    public var label: String
    /// Strictly increasing times (ms).
    public var times: [Double]
    /// Values by the index of the model variable they belong to, each as long as `times`.
    public var columns: [Int: [Double]]
    /// Spike times the simulator reported (ms), when it did.
    public var spikes: [Double]?
    /// The fixed step (ms) the source computed with, when it is known (an engine row's step,
    /// `--dt` given with a trace): spike and peak times are held to it, as SynVerify's own
    /// fixed-step solves are. nil: an adaptive or unknown source, held to the tolerance bound.
    public var step: Double?
    /// True when the source promises a row at every step it computed (the engine contract): its
    /// largest gap may then not exceed `step`.
    public var recordsEveryStep: Bool

    public init(
        label: String, times: [Double], columns: [Int: [Double]], spikes: [Double]? = nil, step: Double? = nil,
        recordsEveryStep: Bool = false
    ) {
        self.label = label
        self.times = times
        self.columns = columns
        self.spikes = spikes
        self.step = step
        self.recordsEveryStep = recordsEveryStep
    }

    /// The largest interval between recorded times (ms) and where it starts (index).
    public var largestGap: (start: Int, length: Double)? {
        zip(times.dropFirst(), times).enumerated().map { (start: $0.offset, length: $0.element.0 - $0.element.1) }
            .max { $0.length < $1.length }
    }

    /// The median interval between recorded times (ms): the trace's typical resolution, which one
    /// large gap does not change.
    public var medianInterval: Double {
        let intervals = zip(times.dropFirst(), times).map { $0 - $1 }.sorted()
        return intervals.isEmpty ? 0 : intervals[intervals.count / 2]
    }
}

/// The peak of numbers from outside, over all their samples: its time is held to
/// `timeResolution` (ms) when they have no step; `valueSlack` (relative) is what the exact
/// solution itself drops from its peak to the sample's time when the samples cannot place the
/// peak (a kink between them, or a fixed-step source): the samples support no more.
struct RecordedPeak {
    var peak: Peak
    var timeResolution: Double
    var valueSlack: Double
}

extension Verifier {
    /// A trace may end this far past the model's end time (ms, relative) and still count as
    /// ending there: a few ulps of the sum of many steps.
    static let endTimeSlack = 1e-12

    /// Judges `trace` like a solve of SynVerify's own, by the same rules:
    ///
    /// - it must sample the model's span densely (`samplingRefusal`), else it fails with the reason;
    /// - errors are taken on the comparison grid (`grid(for:options:)`: even times, spikes,
    ///   switches, the analytic peak), each grid time moved to the nearest recorded time, as a
    ///   fixed-step solve's grid times move to its steps; the reference (for models without a
    ///   closed form) is computed at those times;
    /// - the peak is the largest recorded value: with a known `step` (a fixed-step source) at its
    ///   recorded time, otherwise refined by a parabola inside a smooth interval, and held to the
    ///   step, or to the trace's median interval when no step is known;
    /// - spike times are the trace's `spikes`, which must agree with the trace's own threshold
    ///   crossings, or those crossings when it has none; they are held to the step (fixed-step) or
    ///   the tolerance bound of `base`'s eps (adaptive), as a reference's spikes are.
    ///
    /// `base` gives the end time and, for a source without a step, the tolerance it ran at.
    public static func compare(
        trace: ExternalTrace, of subject: any VerifiableModel, name: String, options base: SolveOptions,
        bounds: VerificationBounds = VerificationBounds()
    ) throws(ODESolverError) -> Comparison {
        let endTime = base.endTime
        let count = trace.times.prefix { $0 <= endTime * (1 + endTimeSlack) }.count
        var options = base
        options.method = .external(trace.label)
        options.fixedStep = trace.step
        options.outputTimes = Array(trace.times.prefix(count))
        func refused(_ reason: String) -> Comparison {
            Comparison(
                model: name, method: options.method, options: options, metrics: nil, peak: nil, rate: nil,
                work: nil, verdict: .fail, reasons: ["trace refused: " + reason], bounds: bounds,
                knownWrong: subject.knownWrong, reference: nil)
        }
        if let reason = samplingRefusal(trace, of: subject, endTime: endTime, bounds: bounds) {
            return refused(reason)
        }
        let recorded = Array(trace.times.prefix(count))
        var gridOptions = base
        gridOptions.fixedStep = nil
        var picked = nearestIndices(of: grid(for: subject, options: gridOptions), in: recorded)
        let peakSample = trace.columns[0].flatMap { column in
            column.prefix(count).indices.max { column[$0] < column[$1] }
        }
        if let k = peakSample, !picked.contains(k) { picked = (picked + [k]).sorted() }
        // A last time a few ulps past t_end is t_end for the model.
        let times = picked.map { min(recorded[$0], endTime) }
        options.outputTimes = times
        let (spikes, resolution, spikeReason) = traceSpikes(trace, of: subject, count: count)
        if let spikeReason { return refused(spikeReason) }
        var model = subject
        var referenceInfo: ReferenceInfo?
        if subject.needsNumericReference {
            var referenceOptions = options
            // Crossings read off the samples are known to within their interval only.
            if let resolution { referenceOptions.fixedStep = max(trace.step ?? 0, resolution) }
            let built = try ReferenceSolution.build(subject, grid: times, options: referenceOptions, bounds: bounds)
            model = built.model
            referenceInfo = built.info
        }
        let n = subject.variables.count
        let values = (0..<n).map { i in trace.columns[i].map { column in picked.map { column[$0] } } ?? [] }
        let solution = Solution(
            variables: subject.variables, times: times, values: values.map { $0.isEmpty ? times.map { _ in 0 } : $0 },
            spikes: spikes, work: WorkCounters(), finalState: values.map { $0.last ?? .nan })
        let peak = trace.columns[0].map { recordedPeak(trace, values: $0, count: count, model: model) }
        return try judge(
            solution, of: model, name: name, options: options, bounds: bounds, reference: referenceInfo,
            compared: Set(trace.columns.keys), recordedPeak: peak)
    }

    /// `compare(trace:of:name:options:bounds:)` with the default tolerances, up to `endTime` (ms).
    public static func compare(
        trace: ExternalTrace, of subject: any VerifiableModel, name: String, endTime: Double,
        bounds: VerificationBounds = VerificationBounds()
    ) throws(ODESolverError) -> Comparison {
        var options = SolveOptions()
        options.endTime = endTime
        return try compare(trace: trace, of: subject, name: name, options: options, bounds: bounds)
    }

    /// For each time of `grid`, the index of the nearest time in `recorded` (both increasing),
    /// without repeats.
    static func nearestIndices(of grid: [Double], in recorded: [Double]) -> [Int] {
        var indices: [Int] = []
        var k = 0
        for t in grid {
            while k + 1 < recorded.count && abs(recorded[k + 1] - t) <= abs(recorded[k] - t) { k += 1 }
            if indices.last != k { indices.append(k) }
        }
        return indices
    }

    /// Why `trace` cannot be judged up to `endTime` (ms), or nil. It must start at the model's
    /// start, reach its end, and leave no gap longer than `bounds.traceGapPerTimeScale` times the
    /// model's shortest time scale (`shortestTimeScale`), nor (a source that records every step)
    /// longer than its step: values between samples that far apart are not verified by anything.
    /// `timeScale`: the model's `shortestTimeScale` when the caller has it already (an engine row
    /// checks every rung of its ladder against one model).
    public static func samplingRefusal(
        _ trace: ExternalTrace, of model: any VerifiableModel, endTime: Double, bounds: VerificationBounds,
        timeScale: Double? = nil
    ) -> String? {
        let times = trace.times.prefix { $0 <= endTime * (1 + endTimeSlack) }
        let slack = 1e-9 * max(endTime, 1)
        guard let first = times.first, let last = times.last, times.count >= 2 else {
            return "\(trace.label) has \(times.count) sample(s) up to \(format(endTime)) ms; it needs the whole span"
        }
        guard first <= slack else { return "\(trace.label) starts at \(format(first)) ms, not at 0 ms" }
        guard last >= endTime - slack else {
            return "\(trace.label) ends at \(format(last)) ms, before the model's end time \(format(endTime)) ms"
        }
        let scale = timeScale ?? shortestTimeScale(model, endTime: endTime)
        var bound = bounds.traceGapPerTimeScale * scale
        var why = "\(format(bounds.traceGapPerTimeScale)) × the model's shortest time scale \(format(scale)) ms"
        if trace.recordsEveryStep, let step = trace.step, step * (1 + 1e-9) < bound {
            bound = step * (1 + 1e-9)
            why = "the step it claims, \(format(step)) ms"
        }
        let gaps = zip(times.dropFirst(), times).enumerated().map { ($0.offset, $0.element.0 - $0.element.1) }
        guard let (k, gap) = gaps.max(by: { $0.1 < $1.1 }), gap > bound else { return nil }
        return "\(trace.label) leaves a gap of \(format(gap)) ms (from \(format(times[k])) to "
            + "\(format(times[k + 1])) ms); at most \(format(bound)) ms is allowed: \(why)"
    }

    /// The model's shortest time scale over 0 … `endTime` (ms): 1/ρ, ρ (1/ms) the largest
    /// spectral radius of ∂f/∂y at the model's states on a 1,000-point grid (its closed form, or
    /// an rk8pd solve at 1e-8 where some variable has none), ∂f/∂y from the model's Jacobian or
    /// by forward differences; the span when ρ is 0.
    public static func shortestTimeScale(_ model: any VerifiableModel, endTime: Double) -> Double {
        var options = SolveOptions()
        options.endTime = endTime
        let times = grid(for: model, options: options, count: 1000)
        var states = times.map { model.exactState(at: $0) }.map { s in s.allSatisfy { $0 != nil } ? s.map { $0! } : [] }
        if states.contains(where: \.isEmpty) {
            options.method = .gsl(.rk8pd)
            options.epsAbs = 1e-8
            options.epsRel = 1e-8
            options.outputTimes = times
            guard let solved = try? Integrator.solve(model, options: options) else { return endTime }
            states = solved.times.indices.map { k in solved.values.map { $0[k] } }
        }
        var radius = 0.0
        for (t, y) in zip(times, states) where !y.isEmpty {
            if let r = jacobian(model, at: t, y).flatMap({ Eigenvalues.spectralRadius(of: $0, order: y.count) }) {
                radius = max(radius, r)
            }
        }
        return radius > 0 ? 1 / radius : endTime
    }

    /// ∂f/∂y (row-major) at (t, y): the model's own, or forward differences of its right-hand side.
    static func jacobian(_ model: any VerifiableModel, at t: Double, _ y: [Double]) -> [Double]? {
        let n = y.count
        var matrix = [Double](repeating: 0, count: n * n)
        var dfdt = [Double](repeating: 0, count: n)
        func f(_ state: [Double]) -> [Double]? {
            var out = [Double](repeating: 0, count: n)
            do throws(ODEFunctionError) {
                try state.withUnsafeBufferPointer { (s) throws(ODEFunctionError) in
                    try out.withUnsafeMutableBufferPointer { (o) throws(ODEFunctionError) in
                        try model.derivatives(t, s.baseAddress!, o.baseAddress!)
                    }
                }
            } catch { return nil }
            return out
        }
        if model.hasJacobian {
            do throws(ODEFunctionError) {
                try y.withUnsafeBufferPointer { (s) throws(ODEFunctionError) in
                    try matrix.withUnsafeMutableBufferPointer { (m) throws(ODEFunctionError) in
                        try dfdt.withUnsafeMutableBufferPointer { (d) throws(ODEFunctionError) in
                            try model.jacobian(t, s.baseAddress!, m.baseAddress!, d.baseAddress!)
                        }
                    }
                }
                return matrix
            } catch {}
        }
        guard let f0 = f(y) else { return nil }
        for j in 0..<n {
            var shifted = y
            let h = 1e-7 * max(abs(y[j]), 1)
            shifted[j] += h
            guard let f1 = f(shifted) else { return nil }
            for i in 0..<n { matrix[i * n + j] = (f1[i] - f0[i]) / h }
        }
        return matrix
    }

    /// The trace's spikes up to its `count`-th sample and why they cannot be used (nil: they can).
    /// A threshold model's recorded threshold variable crosses where it rises to the threshold
    /// or falls by more than half the way from threshold to reset in one sample (a reset);
    /// spikes given beside the trace must be as many and each inside the interval of its crossing
    /// (within a sample), else the two disagree. Without given spikes, the crossings' sample times.
    /// `resolution`: the largest interval of a crossing, when the spikes were read off the samples.
    static func traceSpikes(_ trace: ExternalTrace, of model: any VerifiableModel, count: Int)
        -> (spikes: [Double], resolution: Double?, refusal: String?)
    {
        guard let rule = model.threshold, let v = trace.columns[rule.variable] else {
            return (trace.spikes ?? [], nil, nil)
        }
        let drop = rule.reset < rule.threshold ? (rule.threshold - rule.reset) / 2 : .infinity
        var crossings: [(before: Double, after: Double)] = []
        for k in 0..<max(count - 1, 0) where v[k] < rule.threshold {
            if v[k + 1] >= rule.threshold || v[k] - v[k + 1] > drop {
                crossings.append((trace.times[k], trace.times[k + 1]))
            }
        }
        guard let given = trace.spikes?.filter({ $0 <= (trace.times.prefix(count).last ?? 0) }) else {
            return (crossings.map(\.after), crossings.map { $0.after - $0.before }.max(), nil)
        }
        let name = model.variables[rule.variable].name
        guard given.count == crossings.count else {
            return (
                given, nil,
                "\(given.count) spike(s) given beside the trace, where its \(name) crosses the threshold "
                    + "\(crossings.count) time(s)"
            )
        }
        for (s, c) in zip(given, crossings) where !(s >= c.before - 1e-9 && s <= c.after + 1e-9) {
            return (
                given, nil,
                "the spike given at \(format(s)) ms is not where the trace's \(name) crosses the threshold "
                    + "(between \(format(c.before)) and \(format(c.after)) ms)"
            )
        }
        return (given, nil, nil)
    }

    /// The trace's peak (`tracePeak`) with the bounds its samples allow.
    static func recordedPeak(_ trace: ExternalTrace, values: [Double], count: Int, model: any VerifiableModel)
        -> RecordedPeak
    {
        let peak = tracePeak(trace, values: values, count: count, model: model)
        var slack = 0.0
        if let analytic = model.analyticPeak, trace.times.prefix(count).contains(peak.time),
            let exact = model.exactState(at: peak.time)[0]
        {
            slack = abs(analytic.value - exact) / abs(analytic.value) * (1 + 1e-9)
        }
        return RecordedPeak(peak: peak, timeResolution: trace.medianInterval, valueSlack: slack)
    }

    /// The trace's peak of the first variable over its recorded times: the largest value; a
    /// source with a known step keeps it at its time (as SynVerify's fixed-step solves do),
    /// another is refined by the parabola through it and its neighbours when no spike or switch
    /// lies between them and the vertex rises above the sample by no more than the sample rises
    /// above its lower neighbour.
    static func tracePeak(_ trace: ExternalTrace, values: [Double], count: Int, model: any VerifiableModel) -> Peak {
        let times = Array(trace.times.prefix(count))
        let values = Array(values.prefix(count))
        let hint = model.analyticPeak?.time ?? 0
        let solution = Solution(
            variables: [model.variables[0]], times: times, values: [values], spikes: [], work: WorkCounters(),
            finalState: [values.last ?? .nan])
        guard let k = gridMaximum(solution, near: hint) else { return Peak(time: .nan, value: .nan) }
        guard trace.step == nil, k > 0, k < times.count - 1 else { return Peak(time: times[k], value: values[k]) }
        let events = model.spikeTimes + model.breakpoints
        guard !events.contains(where: { $0 > times[k - 1] && $0 < times[k + 1] }) else {
            return Peak(time: times[k], value: values[k])
        }
        let (t0, t1, t2) = (times[k - 1], times[k], times[k + 1])
        let (y0, y1, y2) = (values[k - 1], values[k], values[k + 1])
        // y = y1 + b·(t − t1) + c·(t − t1)² through the three points.
        let d0 = (y0 - y1) / (t0 - t1)
        let d2 = (y2 - y1) / (t2 - t1)
        let c = (d2 - d0) / (t2 - t0)
        let b = d0 - c * (t0 - t1)
        guard c < 0 else { return Peak(time: t1, value: y1) }
        let offset = -b / (2 * c)
        let rise = b * offset + c * offset * offset
        guard t1 + offset > t0, t1 + offset < t2, rise <= y1 - min(y0, y2) else { return Peak(time: t1, value: y1) }
        return Peak(time: t1 + offset, value: y1 + rise)
    }
}
