import SynIntegrators
import SynKernels
import SynModels
import SynVerifyGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Holds integrations against closed forms: trajectory errors, peaks and rates, with a verdict.
public enum Verifier {
    /// The comparison grid: `count` even points over the solve, every spike and breakpoint, and
    /// the analytic peak time. A fixed-step solve is compared at its own step times only: each
    /// of these times moves to the nearest t_start + n·dt (≤ t_end), so the error measured is
    /// the method's, not that of interpolating between steps.
    public static func grid(for model: any VerifiableModel, options: SolveOptions, count: Int = 1000) -> [Double] {
        let start = options.startTime
        let end = options.endTime
        var times = (0...count).map { start + (end - start) * Double($0) / Double(count) }
        times += model.spikeTimes.filter { $0 >= start && $0 <= end }
        times += model.breakpoints.filter { $0 > start && $0 < end }
        if let peak = model.analyticPeak, peak.time >= start, peak.time <= end { times.append(peak.time) }
        if let dt = options.fixedStep, dt > 0, dt.isFinite {
            let last = ((end - start) / dt * (1 + 1e-12)).rounded(.down)
            times = times.map { t in start + min(((t - start) / dt).rounded(), last) * dt }
        }
        return Array(Set(times)).sorted()
    }

    /// The user's stated accuracy in place of the default bounds: every grid point within the
    /// absolute bound (the variable's unit) and the relative one (over the relative floor).
    static func judgeStated(_ m: TrajectoryMetrics, _ stated: ErrorBound, unit: String) -> [String] {
        var reasons: [String] = []
        if let absolute = stated.absolute, !(m.maxAbsError <= absolute) {
            reasons.append(
                "wrong trajectory: max error \(format(m.maxAbsError)) \(unit) against the stated "
                    + "\(format(absolute)) \(unit)")
        }
        if let relative = stated.relative, !(m.maxRelError <= relative) {
            reasons.append(
                "wrong trajectory: max relative error \(format(m.maxRelError)) against the stated \(format(relative))")
        }
        return reasons
    }

    /// The numeric spike times against the expected ones, pair by pair in order.
    static func compareSpikes(_ numeric: [Double], expected: [Double], tolerance: Double, allowances: [Double] = [])
        -> SpikeTimeComparison
    {
        SpikeTimeComparison(expected: expected, numeric: numeric, tolerance: tolerance, allowances: allowances)
    }

    /// Why the spike times fail, or nil: a different count, or a pair further apart than allowed.
    static func spikeReason(_ c: SpikeTimeComparison) -> String? {
        guard c.numeric.count == c.expected.count else {
            return "\(c.numeric.count) spike(s) where \(c.expected.count) are expected "
                + "(numeric \(c.numeric.prefix(5).map { format($0) }.joined(separator: ", ")) ms)"
        }
        guard let (k, error, allowed) = c.violation else { return nil }
        return "spike \(k + 1) at \(c.numeric[k]) ms, expected \(c.expected[k]) ms: "
            + "off by \(format(error)) ms (tolerance \(format(allowed)) ms)"
    }

    /// Per expected spike of a reference, how far an adaptive solve's errors can move it: the
    /// sum over this spike and those before it of max(tolerance, N·(eps_abs + eps_rel·|threshold|)
    /// /|du/dt|) (ms), N the accepted steps (the trajectory's accumulation bound,
    /// `VerificationBounds`), du/dt the threshold variable's slope at the crossing (the solve's
    /// state at the last grid time before it, the threshold variable at threshold). A shift of one
    /// spike moves every later one: msbdf at eps 1e-10 on Brian2's COBA neuron is 1.3e-6 ms off at
    /// the first spike and 2.8e-5 ms at the 37th (rkf45 4.2e-9 and 2.4e-7; the crossing locator
    /// re-integrates with rk8pd at 1e-14 from the step's start, so it is not the cause). Empty for
    /// fixed steps and for spikes a spec states.
    static func spikeAllowances(_ solution: Solution, of model: any VerifiableModel, options: SolveOptions)
        -> [Double]
    {
        guard options.fixedStep == nil, case .gsl = options.method, let rule = model.threshold,
            let referenced = model as? ReferencedModel, referenced.base.expectedSpikes == nil,
            let expected = model.expectedSpikes
        else { return [] }
        let bound =
            Double(max(solution.work.acceptedSteps, 1)) * (options.epsAbs + options.epsRel * abs(rule.threshold))
        var derivative = [Double](repeating: 0, count: model.variables.count)
        func crossingShift(at t: Double) -> Double {
            guard let k = solution.times.lastIndex(where: { $0 < t }) else { return 0 }
            var y = solution.values.map { $0[k] }
            y[rule.variable] = rule.threshold
            let slope: Double? = y.withUnsafeBufferPointer { yp in
                derivative.withUnsafeMutableBufferPointer { dp in
                    (try? model.derivatives(t, yp.baseAddress!, dp.baseAddress!)).map { dp[rule.variable] }
                }
            }
            guard let slope, slope.isFinite, slope != 0 else { return 0 }
            return bound / abs(slope)
        }
        var total = 0.0
        return expected.times.map { t in
            total += max(expected.tolerance, crossingShift(at: t))
            return total
        }
    }

    /// The most spike × grid-point evaluations of a closed form one comparison may take (about
    /// 6 s in a debug build: 4,000 spikes on a 1,000-point grid need 2e7).
    public static let maximumClosedFormTerms = 2e7

    /// The longest train whose spikes (each also a grid point) keep the closed-form evaluations
    /// within the limit: the largest n with n·(base + n) ≤ `maximumClosedFormTerms`.
    static func maximumSpikes(gridWithoutSpikes base: Int) -> Int {
        let b = Double(max(base, 0))
        return Int(((b * b + 4 * maximumClosedFormTerms).squareRoot() - b) / 2)
    }

    /// Integrates `model` with `options` (its output times replaced by the grid) and judges it.
    /// A solve that fails because the state diverges is a verdict (fail), not an error; the
    /// errors thrown are those of bad options.
    public static func compare(
        _ subject: any VerifiableModel, name: String, options base: SolveOptions,
        bounds: VerificationBounds = VerificationBounds()
    ) throws(ODESolverError) -> Comparison {
        var options = base
        options.outputTimes = grid(for: subject, options: base)
        try options.validate(dimension: subject.variables.count)
        // A superposed closed form sums every earlier spike at every grid point, and every spike
        // is a grid point: the work grows with the square of the train.
        let terms = Double(options.outputTimes.count) * Double(subject.spikeTimes.count)
        guard terms <= maximumClosedFormTerms else {
            throw .invalidOption(
                name: "spikes", value: Double(subject.spikeTimes.count),
                allowed: "at most about "
                    + "\(maximumSpikes(gridWithoutSpikes: options.outputTimes.count - subject.spikeTimes.count)) here: "
                    + "the closed form would be evaluated \(Int(terms)) times (limit \(Int(maximumClosedFormTerms)))")
        }
        var model = subject
        var referenceInfo: ReferenceInfo?
        if subject.needsNumericReference {
            do throws(ODESolverError) {
                let built = try ReferenceSolution.build(
                    subject, grid: options.outputTimes, options: base, bounds: bounds)
                model = built.model
                referenceInfo = built.info
            } catch {
                // A reference that cannot be computed is this row's verdict, not the run's end.
                guard let reason = failureReason(error) else { throw error }
                return Comparison(
                    model: name, method: options.method, options: options, metrics: nil, peak: nil, rate: nil,
                    work: nil, verdict: .fail, reasons: ["the numeric reference (at 1e-13) " + reason],
                    bounds: bounds, knownWrong: subject.knownWrong, reference: nil)
            }
        }
        let solution: Solution
        do throws(ODESolverError) {
            solution = try Integrator.solve(model, options: options)
        } catch {
            guard let reason = failureReason(error) else { throw error }
            return Comparison(
                model: name, method: options.method, options: options, metrics: nil, peak: nil, rate: nil,
                work: nil, verdict: .fail, reasons: [reason], bounds: bounds, knownWrong: model.knownWrong,
                reference: referenceInfo)
        }
        return try judge(
            solution, of: model, name: name, options: options, bounds: bounds, reference: referenceInfo,
            compared: nil, recordedPeak: nil)
    }

    /// Judges `solution` (on the grid of `options.outputTimes`) against the model's closed forms,
    /// peak, rate and expected spikes. `compared`: the variables to compare (nil: all); a trace
    /// from outside may hold only some. `recordedPeak`: the peak of numbers from outside (see
    /// `RecordedPeak`).
    static func judge(
        _ solution: Solution, of model: any VerifiableModel, name: String, options: SolveOptions,
        bounds: VerificationBounds, reference referenceInfo: ReferenceInfo?, compared: Set<Int>?,
        recordedPeak: RecordedPeak?
    ) throws(ODESolverError) -> Comparison {
        var reasons: [String] = []
        // Every variable with a closed form is compared; the first keeps its place in the reports.
        let exact = solution.times.map { model.exactState(at: $0) }
        let perVariable = model.variables.indices.filter { compared?.contains($0) ?? true }.compactMap { i in
            trajectoryMetrics(exact, solution, options, bounds, variable: i).map { (variable: i, metrics: $0) }
        }
        let metrics = perVariable.first { $0.variable == 0 }?.metrics
        for (i, m) in perVariable {
            let found = judgeTrajectory(
                m, solution, options, bounds, stated: model.statedErrorBounds[i], unit: model.variables[i].unit)
            reasons += i == 0 ? found : found.map { "\(model.variables[i].name): \($0)" }
        }
        var peak: PeakComparison?
        if let analytic = model.analyticPeak, compared?.contains(0) ?? true {
            let numeric: Peak
            do throws(ODESolverError) {
                if let recordedPeak {
                    numeric = recordedPeak.peak
                } else {
                    numeric = try locatePeak(model, options: options, solution: solution, near: analytic.time)
                }
            } catch {
                guard let reason = failureReason(error) else { throw error }
                return Comparison(
                    model: name, method: options.method, options: options, metrics: metrics, peak: nil, rate: nil,
                    work: solution.work, verdict: .fail, reasons: reasons + ["peak location: " + reason],
                    bounds: bounds, knownWrong: model.knownWrong, reference: referenceInfo)
            }
            peak = PeakComparison(
                analyticTime: analytic.time, analyticValue: analytic.value, numericTime: numeric.time,
                numericValue: numeric.value)
            let normalisedError =
                metrics.map { $0.maxAbsError / max($0.largestExact, Double.leastNormalMagnitude) } ?? 0
            let timeBound = max(
                options.fixedStep
                    ?? max(
                        recordedPeak?.timeResolution ?? 0,
                        bounds.peakTimePerTolerance * max(options.epsAbs, options.epsRel)),
                bounds.peakTimePerError
                    * flatness(
                        model, at: analytic.time,
                        uncertainty: (metrics?.maxAbsError ?? 0) + (referenceInfo?.crossCheckAgreement ?? 0)))
            let valueBound = max(bounds.peakValueRelative, normalisedError, recordedPeak?.valueSlack ?? 0)
            let timeError = numeric.time - analytic.time
            if !(abs(timeError) <= timeBound) {
                reasons.append(
                    "wrong peak time by \(format(timeError)) ms (numeric \(format(numeric.time)) ms, "
                        + "analytic \(format(analytic.time)) ms; bound \(format(timeBound)) ms)"
                )
            }
            let valueError = (numeric.value - analytic.value) / abs(analytic.value)
            if !(abs(valueError) <= valueBound) {
                reasons.append(
                    "wrong peak value by \(format(100 * valueError)) % (numeric \(format(numeric.value)), "
                        + "analytic \(format(analytic.value)); bound \(format(100 * valueBound)) %)"
                )
            }
        }
        var rate: RateComparison?
        if let analytic = model.analyticRate, model.threshold != nil {
            let measured = measureRate(solution.spikes, from: options.startTime, to: options.endTime)
            rate = RateComparison(analytic: analytic, numeric: measured.rate, spikes: measured.spikes.count)
            reasons += rateReasons(measured, analytic: analytic, end: options.endTime, bound: bounds.rateRelative)
        }
        let allowances = spikeAllowances(solution, of: model, options: options)
        let spikeTimes = model.expectedSpikes.map { expected in
            compareSpikes(
                solution.spikes, expected: expected.times, tolerance: expected.tolerance, allowances: allowances)
        }
        if let c = spikeTimes, let reason = spikeReason(c) { reasons.append(reason) }
        if let disagreement = referenceInfo?.disagreement { reasons.append(disagreement) }
        if perVariable.isEmpty && peak == nil && rate == nil && spikeTimes == nil {
            reasons.append("nothing to compare: the model states no closed form, peak or rate")
        }
        var comparison = Comparison(
            model: name, method: options.method, options: options, metrics: metrics, peak: peak, rate: rate,
            work: solution.work, verdict: reasons.isEmpty ? .pass : .fail, reasons: reasons, bounds: bounds,
            knownWrong: model.knownWrong, reference: referenceInfo)
        comparison.spikeTimes = spikeTimes
        comparison.variableMetrics = perVariable.map { (model.variables[$0.variable], $0.metrics) }
        comparison.statedBounds = model.statedErrorBounds.keys.sorted().flatMap { i -> [String] in
            let v = model.variables[i]
            let bound = model.statedErrorBounds[i]!
            return (bound.absolute.map { ["\(v.name): |error| ≤ \(format($0)) \(v.unit)"] } ?? [])
                + (bound.relative.map { ["\(v.name): |error|/|exact| ≤ \(format($0))"] } ?? [])
        }
        if model.threshold != nil { comparison.spikes = solution.spikes }
        if metrics != nil {
            comparison.trace = Trace(
                variable: model.variables[0], times: solution.times, numeric: solution.values[0],
                exact: solution.times.map { model.exactState(at: $0)[0] ?? .nan })
        }
        return comparison
    }

    /// The firing rate of `spikes` over start … end (ms): 1000·(n − 1)/(t_n − t_1) Hz for n ≥ 2
    /// spikes in the span, 0 for none, NaN for one (one spike is no rate).
    static func measureRate(_ spikes: [Double], from start: Double, to end: Double) -> (spikes: [Double], rate: Double)
    {
        let inSpan = spikes.filter { $0 >= start && $0 <= end }
        switch inSpan.count {
        case 0: return (inSpan, 0)
        case 1: return (inSpan, .nan)
        default: return (inSpan, 1000 * Double(inSpan.count - 1) / (inSpan.last! - inSpan.first!))
        }
    }

    /// Why a measured rate disagrees with the analytic one (Hz): off by more than `bound`
    /// (relative), one spike, or a train that stops: after the last spike no more than one
    /// analytic interval (within the bound) may pass before the end, so the spikes are counted
    /// over the span, not only their mean interval.
    static func rateReasons(_ measured: (spikes: [Double], rate: Double), analytic: Double, end: Double, bound: Double)
        -> [String]
    {
        guard measured.spikes.count != 1 else {
            return [
                "wrong rate: one spike (at \(format(measured.spikes[0])) ms) where \(format(analytic)) Hz is claimed"
            ]
        }
        let numeric = measured.rate
        let relative = analytic == 0 ? (numeric == 0 ? 0 : .infinity) : (analytic - numeric) / numeric
        if !(abs(relative) <= bound) {
            return [
                "wrong rate by \(format(100 * relative)) % (claimed \(format(analytic)) Hz, "
                    + "integrated \(format(numeric)) Hz; bound \(format(100 * bound)) %)"
            ]
        }
        if analytic > 0, let last = measured.spikes.last, end - last > 1000 / analytic * (1 + bound) {
            return [
                "wrong rate: the spikes stop at \(format(last)) ms, \(format(end - last)) ms before the end, where "
                    + "\(format(analytic)) Hz has one every \(format(1000 / analytic)) ms"
            ]
        }
        return []
    }

    /// A solve that fails for a reason of the model or the stepper is a verdict; bad options are
    /// errors (nil here).
    static func failureReason(_ error: ODESolverError) -> String? {
        switch error {
        case .function: "diverges: \(error)"
        case .gsl, .stepCountExceeded, .stepSizeUnderflow: "solver failed: \(error)"
        case .missingJacobian, .unsupportedMethod, .invalidOption, .allocationFailed: nil
        }
    }

    /// √(2δ/|y″(t*)|): how far a maximum can move when values are uncertain by δ, with y″ from a
    /// central difference of the closed form (step 1e-3 of the peak's time after the first
    /// spike). 0 at a kink (a jump at a spike) or without a closed form.
    static func flatness(_ model: any VerifiableModel, at peak: Double, uncertainty: Double) -> Double {
        guard uncertainty > 0, !model.spikeTimes.contains(peak) else { return 0 }
        let h = 1e-3 * max(abs(peak - (model.spikeTimes.first ?? 0)), 1e-3)
        guard let before = model.exactState(at: peak - h)[0], let at = model.exactState(at: peak)[0],
            let after = model.exactState(at: peak + h)[0]
        else { return 0 }
        let curvature = abs(before - 2 * at + after) / (h * h)
        return curvature > 0 ? (2 * uncertainty / curvature).squareRoot() : 0
    }

    /// Errors of variable `i` on the grid against `exact` (the closed form's state at each grid
    /// time); nil when the variable has no closed form there.
    static func trajectoryMetrics(
        _ exactStates: [[Double?]], _ solution: Solution, _ options: SolveOptions, _ bounds: VerificationBounds,
        variable i: Int
    ) -> TrajectoryMetrics? {
        var pairs: [(numeric: Double, exact: Double)] = []
        var m = TrajectoryMetrics()
        for (k, t) in solution.times.enumerated() {
            guard i < exactStates[k].count, let exact = exactStates[k][i] else { continue }
            let numeric = solution.values[i][k]
            guard exact.isFinite && numeric.isFinite else {
                m.nonFinitePoints += 1
                m.firstNonFiniteTime = m.firstNonFiniteTime ?? t
                continue
            }
            pairs.append((numeric, exact))
        }
        guard !pairs.isEmpty || m.nonFinitePoints > 0 else { return nil }
        m.points = pairs.count
        m.largestExact = pairs.map { abs($0.exact) }.max() ?? 0
        m.largestNumeric = pairs.map { abs($0.numeric) }.max() ?? 0
        m.relativeFloor = max(bounds.relativeFloor * m.largestExact, Double.leastNormalMagnitude)
        var sumSquares = 0.0
        var units = 0.0
        for (numeric, exact) in pairs {
            let e = abs(numeric - exact)
            m.maxAbsError = max(m.maxAbsError, e)
            m.maxRelError = max(m.maxRelError, e / max(abs(exact), m.relativeFloor))
            sumSquares += e * e
            units = max(units, e / (options.epsAbs + options.epsRel * abs(exact)))
        }
        if let last = pairs.last {
            m.rmsError = (sumSquares / Double(pairs.count)).squareRoot()
            m.finalError = abs(last.numeric - last.exact)
        }
        // Numbers from outside carry no accepted-step count: held like a fixed-step solve.
        if case .external = options.method {
        } else if options.fixedStep == nil {
            m.maxToleranceUnits = units
        }
        // An error that cannot be measured is not small.
        if m.nonFinitePoints > 0 { m.maxAbsError = .infinity }
        return m
    }

    static func judgeTrajectory(
        _ m: TrajectoryMetrics, _ solution: Solution, _ options: SolveOptions, _ bounds: VerificationBounds,
        stated: ErrorBound? = nil, unit: String = ""
    ) -> [String] {
        if let t = m.firstNonFiniteTime {
            return [
                "not finite at t = \(format(t)) ms: the closed form or the solution is NaN or infinite at "
                    + "\(m.nonFinitePoints) of \(m.nonFinitePoints + m.points) grid points"
            ]
        }
        if m.largestNumeric > 1e3 * max(m.largestExact, m.relativeFloor) {
            return [
                "diverges: the ODE's solution reaches \(format(m.largestNumeric)) "
                    + "while the claimed one stays within \(format(m.largestExact))"
            ]
        }
        if m.largestExact > 1e3 * max(m.largestNumeric, Double.leastNormalMagnitude) {
            return [
                "diverges: the claimed solution grows to \(format(m.largestExact)) "
                    + "while the ODE's stays within \(format(m.largestNumeric))"
            ]
        }
        if let stated { return judgeStated(m, stated, unit: unit) }
        if let units = m.maxToleranceUnits {
            let bound = Double(max(solution.work.acceptedSteps, 1))
            if !(units <= bound) {
                return [
                    "wrong trajectory: \(format(units)) tolerance units (bound \(format(bound)) = accepted steps); "
                        + "max relative error \(format(m.maxRelError))"
                ]
            }
        } else {
            let normalised = m.maxAbsError / max(m.largestExact, Double.leastNormalMagnitude)
            if !(normalised <= bounds.fixedStepRelativeError) {
                return [
                    "wrong trajectory: max error \(format(normalised)) "
                        + "of the largest value (bound \(format(bounds.fixedStepRelativeError)))"
                ]
            }
        }
        return []
    }

    /// The index of the first variable's largest grid value; among equal maxima the one closest
    /// to `hint` (the analytic peak). nil for an empty grid.
    static func gridMaximum(_ solution: Solution, near hint: Double) -> Int? {
        let values = solution.values[0]
        let times = solution.times
        guard let k = values.indices.max(by: { values[$0] < values[$1] }) else { return nil }
        if let near = times.indices.min(by: { abs(times[$0] - hint) < abs(times[$1] - hint) }),
            values[near] == values[k]
        {
            return near
        }
        return k
    }

    /// The peak of the first variable in the numerical solution: the largest grid value, refined
    /// (when it is not a jump at a spike) by Brent's method on its derivative f₀(t, y(t)), y(t)
    /// from re-solving with output at t (adaptive steppers' dense output; exact propagation's
    /// exact solution inside a step), to 1e-11 ms. Other fixed-step methods: the grid maximum.
    public static func locatePeak(
        _ model: any VerifiableModel, options: SolveOptions, solution: Solution, near hint: Double
    ) throws(ODESolverError) -> Peak {
        let values = solution.values[0]
        let times = solution.times
        guard let k = gridMaximum(solution, near: hint) else { return Peak(time: .nan, value: .nan) }
        let t = times[k]
        // A fixed-step method without dense output (all but exact) knows its solution on its
        // grid only: linear interpolation between steps would put the peak below its own values.
        // The output grid is coarser than its steps: its largest value on its own steps between
        // the grid maximum's neighbours.
        if let dt = options.fixedStep, options.method != .simulator(.exact) {
            return try stepGridMaximum(
                model, options: options, between: times[max(k - 1, 0)],
                and: times[min(k + 1, times.count - 1)], step: dt) ?? Peak(time: t, value: values[k])
        }
        if model.spikeTimes.contains(t) || k == 0 || k == times.count - 1 {
            return Peak(time: t, value: values[k])
        }
        var failure: ODESolverError?
        let n = model.variables.count
        var derivative = [Double](repeating: 0, count: n)
        func state(at time: Double) -> [Double]? {
            var o = options
            o.outputTimes = [time]
            do throws(ODESolverError) {
                let s = try Integrator.solve(model, options: o)
                return s.values.map { $0[0] }
            } catch {
                if failure == nil { failure = error }
                return nil
            }
        }
        let slope = { (time: Double) -> Double in
            guard let y = state(at: time) else { return .nan }
            do throws(ODEFunctionError) {
                try y.withUnsafeBufferPointer { (yp) throws(ODEFunctionError) in
                    try derivative.withUnsafeMutableBufferPointer { (dp) throws(ODEFunctionError) in
                        try model.derivatives(time, yp.baseAddress!, dp.baseAddress!)
                    }
                }
            } catch {
                return .nan
            }
            return derivative[0]
        }
        guard let root = RootFinding.brent(times[k - 1], times[k + 1], tolerance: 1e-11, slope) else {
            if let failure { throw failure }
            return Peak(time: t, value: values[k])
        }
        guard let y = state(at: root) else { throw failure! }
        return Peak(time: root, value: y[0])
    }

    /// The largest first-variable value of a fixed-step solve at its own step times t_start + n·dt
    /// in [from, to] (ms), re-solved with output at each of them; nil when there are none or more
    /// than 10⁶.
    static func stepGridMaximum(
        _ model: any VerifiableModel, options: SolveOptions, between from: Double, and to: Double, step dt: Double
    ) throws(ODESolverError) -> Peak? {
        let first = ((from - options.startTime) / dt).rounded(.up)
        let last = ((to - options.startTime) / dt).rounded(.down)
        guard last >= first, last - first < 1e6 else { return nil }
        var o = options
        o.outputTimes = stride(from: first, through: last, by: 1).map { options.startTime + $0 * dt }
            .filter { $0 <= options.endTime }
        let s = try Integrator.solve(model, options: o)
        guard let k = s.values[0].indices.max(by: { s.values[0][$0] < s.values[0][$1] }) else { return nil }
        return Peak(time: s.times[k], value: s.values[0][k])
    }

    static func format(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        var buffer = [CChar](repeating: 0, count: 40)
        let count = withVaList([x]) { vsnprintf(&buffer, 40, "%.6g", $0) }
        return String(decoding: buffer.prefix(Int(max(count, 0))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
