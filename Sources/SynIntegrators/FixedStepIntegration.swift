import SynVerifyGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The simulators' fixed-step methods in Swift, on the grid t_n = t_start + n·dt.
///
/// As simulators do, a presynaptic spike is applied at the first grid time ≥ its time, and the
/// threshold is checked at the end of each step (spike time = step end). With
/// `thresholdInterpolation`, the crossing time is interpolated linearly inside the step, the
/// neuron is reset there and the rest of the step is integrated from the reset, which removes
/// the O(dt) grid bias of the firing rate. Output times between grid points are interpolated
/// linearly (documented; they are exact on the grid).
struct FixedStepIntegration {
    let model: any ODEModel
    let options: SolveOptions
    let method: SimulatorMethod

    func run() throws(ODESolverError) -> Solution {
        // Dispatches to the conformance's specialised copy of the stepping loop.
        try model.solveWithSimulatorMethod(method, options: options)
    }
}

/// Buffers and one-step formulas of a simulator method, specialised on the model type. The
/// stage buffers are allocated once; a step allocates nothing. `@inlinable` so that each model's
/// conformance gets its own specialised, inlined copy (see `ODEModel.solveWithSimulatorMethod`).
@usableFromInline
final class FixedStepper<M: ODEModel, D: DimensionHint> {
    /// The model, kept behind a pointer so that calls borrow it instead of copying the struct.
    @usableFromInline let modelStorage: UnsafeMutablePointer<M>
    @usableFromInline var model: M { _read { yield modelStorage.pointee } }
    @usableFromInline let method: SimulatorMethod
    @usableFromInline let dt: Double
    @usableFromInline let n: Int
    /// Five stage buffers of n values: k1, k2, k3, k4, scratch.
    @usableFromInline let storage: UnsafeMutablePointer<Double>
    /// Exact propagation: the model's linear system, read once (a model may build it on each
    /// call, which would allocate in every step).
    @usableFromInline var linear: LinearSystem?
    /// Exact propagation: the inputs' switch times (`model.breakpoints`), read once.
    @usableFromInline var switches: [Double] = []
    /// Exact propagation, cached by step length (`ExactPropagator`).
    @usableFromInline var propagators: [(h: Double, propagator: ExactPropagator)] = []
    @usableFromInline @exclusivity(unchecked) var clampedVariable = -1
    @usableFromInline @exclusivity(unchecked) var evaluations = 0

    @inlinable
    init(model: M, method: SimulatorMethod, dt: Double) throws(ODESolverError) {
        modelStorage = .allocate(capacity: 1)
        modelStorage.initialize(to: model)
        precondition(
            D.value == 0 || D.value == model.variables.count,
            "dimension hint \(D.value) for a model of dimension \(model.variables.count)")
        self.method = method
        self.dt = dt
        n = model.variables.count
        storage = .allocate(capacity: 5 * n)
        storage.initialize(repeating: 0, count: 5 * n)
        if method == .exponentialEuler {
            let ok = model.initialState.withUnsafeBufferPointer { y in
                model.linearCoefficients(0, y.baseAddress!, storage, storage + n)
            }
            guard ok else {
                throw .unsupportedMethod(
                    method: "exponential_euler",
                    reason:
                        "it needs the conditionally linear form dy/dt = A(y)·y + B(y), "
                        + "which this model does not give (nonlinear in its own variable)"
                )
            }
        }
        if method == .exact {
            linear = model.linearSystem
            switches = model.breakpoints
            guard linear != nil else {
                throw .unsupportedMethod(
                    method: "exact", reason: "exact propagation needs a linear system with constant coefficients")
            }
        }
    }

    @inlinable
    deinit {
        storage.deallocate()
        modelStorage.deinitialize(count: 1)
        modelStorage.deallocate()
    }

    @inlinable @inline(__always)
    func rhs(_ model: M, _ t: Double, _ y: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>)
        throws(ODESolverError)
    {
        do throws(ODEFunctionError) {
            try model.derivatives(t, y, out)
        } catch {
            let n = D.value == 0 ? self.n : D.value
            throw .function(error, time: t, state: Array(UnsafeBufferPointer(start: y, count: n)))
        }
        if clampedVariable >= 0 { out[clampedVariable] = 0 }
    }

    /// After each step: a non-finite derivative anywhere in the step leaves a non-finite state,
    /// so one test per step (a sum times zero is zero only when every term is finite) stops the
    /// solve, at the end of the step in which it happened.
    @inlinable @inline(__always)
    func checkFinite(_ t: Double, _ y: UnsafePointer<Double>) throws(ODESolverError) {
        let n = D.value == 0 ? self.n : D.value
        var probe = 0.0
        for i in 0..<n { probe += y[i] }
        if probe * 0 == 0 { return }
        for i in 0..<n where !y[i].isFinite {
            throw .function(
                ODEFunctionError("y[\(i)] = \(y[i]) is not finite after the step to t = \(t) ms"), time: t,
                state: Array(UnsafeBufferPointer(start: y, count: n)))
        }
    }

    /// Advances y (n values) by h from t.
    @inlinable
    func step(_ model: M, _ t: Double, _ h: Double, _ y: UnsafeMutablePointer<Double>) throws(ODESolverError) {
        let n = D.value == 0 ? self.n : D.value  // a constant in the D1 and D2 specialisations
        evaluations &+= method.evaluationsPerStep
        let a = storage
        let b = storage + n
        let c = storage + 2 * n
        let d = storage + 3 * n
        let s = storage + 4 * n
        switch method {
        case .euler:
            try rhs(model, t, y, a)
            for i in 0..<n { y[i] += h * a[i] }
        case .midpoint:
            try rhs(model, t, y, a)
            for i in 0..<n { s[i] = y[i] + 0.5 * h * a[i] }
            try rhs(model, t + 0.5 * h, s, a)
            for i in 0..<n { y[i] += h * a[i] }
        case .heun:
            try rhs(model, t, y, a)
            for i in 0..<n { s[i] = y[i] + h * a[i] }
            try rhs(model, t + h, s, b)
            for i in 0..<n { y[i] += 0.5 * h * (a[i] + b[i]) }
        case .classicRK4:
            try rhs(model, t, y, a)
            for i in 0..<n { s[i] = y[i] + 0.5 * h * a[i] }
            try rhs(model, t + 0.5 * h, s, b)
            for i in 0..<n { s[i] = y[i] + 0.5 * h * b[i] }
            try rhs(model, t + 0.5 * h, s, c)
            for i in 0..<n { s[i] = y[i] + h * c[i] }
            try rhs(model, t + h, s, d)
            let sixth = h / 6
            for i in 0..<n { y[i] += sixth * (a[i] + 2 * b[i] + 2 * c[i] + d[i]) }
        case .exponentialEuler:
            // Brian2: y_i ← y_i + (A_i y_i + B_i)·(e^(A_i h) − 1)/A_i, all coefficients at t_n.
            _ = model.linearCoefficients(t, y, a, b)
            for i in 0..<n where i != clampedVariable {
                let x = a[i] * h
                let growth = x == 0 ? h : h * expm1(x) / x
                y[i] += (a[i] * y[i] + b[i]) * growth
            }
        case .exact:
            try exactStep(t, h, y, s)
        }
    }

    /// One exact step, split at the switch times of piecewise-constant inputs inside it: on each
    /// piece y += Φ·f with f = A·y + b, or, for a model with inputs, f = f(t_mid, y), the
    /// right-hand side in the middle of the piece (its input is constant there).
    @inlinable
    func exactStep(_ t: Double, _ h: Double, _ y: UnsafeMutablePointer<Double>, _ s: UnsafeMutablePointer<Double>)
        throws(ODESolverError)
    {
        var from = t
        let end = t + h
        let tolerance = 1e-9 * h
        for b in switches where b > from + tolerance && b < end - tolerance {
            try exactPiece(from, b - from, y, s)
            from = b
        }
        try exactPiece(from, end - from, y, s)
    }

    @inlinable
    func exactPiece(_ t: Double, _ h: Double, _ y: UnsafeMutablePointer<Double>, _ s: UnsafeMutablePointer<Double>)
        throws(ODESolverError)
    {
        let n = D.value == 0 ? self.n : D.value
        let phi = try propagator(h).matrix
        let system = linear!
        if switches.isEmpty {
            for i in 0..<n {
                var sum = system.offset[i]
                for j in 0..<n { sum += system.matrix[i * n + j] * y[j] }
                s[i] = sum
            }
        } else {
            try rhs(model, t + h / 2, y, s)
        }
        for i in 0..<n where i != clampedVariable {
            var increment = 0.0
            for j in 0..<n { increment += phi[i * n + j] * s[j] }
            y[i] += increment
        }
    }

    /// The exact propagator for step `h`, cached (a solve uses its step and the stubs before
    /// events and the end).
    @inlinable
    func propagator(_ h: Double) throws(ODESolverError) -> ExactPropagator {
        if let cached = propagators.first(where: { $0.h == h }) { return cached.propagator }
        let made: ExactPropagator
        do throws(GSLError) {
            made = try ExactPropagator(linear!, step: h)
        } catch {
            throw .gsl(error, time: .nan, state: [])
        }
        if propagators.count < 8 { propagators.append((h, made)) }
        return made
    }

    @inlinable
    func integrate(options: SolveOptions) throws(ODESolverError) -> Solution {
        let n = D.value == 0 ? self.n : D.value
        // A local copy: stores through the state pointers cannot alias it, so its coefficients
        // stay in registers across stages.
        let local = modelStorage.pointee
        var y = model.initialState
        let previous = UnsafeMutablePointer<Double>.allocate(capacity: n)
        previous.initialize(repeating: 0, count: n)
        defer { previous.deallocate() }
        var walk = GridWalk(options: options, spikeTimes: model.spikeTimes, dt: dt, dimension: n)
        let start = options.startTime
        let steps = Int(
            ((options.endTime - start) / dt).rounded(.up) - 1e-9 > 0
                ? ((options.endTime - start) / dt - 1e-9).rounded(.up) : 0)
        try y.withUnsafeMutableBufferPointer { (buffer) throws(ODESolverError) in
            let yp = buffer.baseAddress!
            // Outputs at (or before) the start time: the initial state after spikes at the start.
            applySpikes(upTo: start, yp, &walk)
            walk.recordOutputs(through: start, yp)
            var t = start
            let fastPathAllowed = model.threshold == nil
            // The earliest pending output or spike time, refreshed after every step that takes
            // the general path, which is the only place either is consumed.
            var nextDue = walk.nextDue
            for stepIndex in 0..<max(steps, 0) {
                let tNext = min(start + Double(stepIndex + 1) * dt, options.endTime)
                // Fast path: no threshold, no clamp, and nothing due at tNext (the next output
                // and the next spike lie beyond it): just the step.
                if fastPathAllowed && clampedVariable < 0 && tNext + walk.gridTolerance < nextDue {
                    try step(local, t, tNext - t, yp)
                    try checkFinite(tNext, yp)
                    walk.work.recordStep(tNext - t)
                    walk.work.acceptedSteps += 1
                    t = tNext
                    continue
                }
                try generalStep(local, from: t, to: tNext, yp, previous: previous, &walk)
                t = tNext
                nextDue = walk.nextDue
            }
        }
        walk.work.rhsEvaluations = evaluations
        return Solution(
            variables: model.variables, times: walk.recorder.times, values: walk.recorder.values,
            spikes: walk.spikes, work: walk.work, finalState: y)
    }

    /// A step with everything due in it: a refractory period ending inside it, a threshold
    /// crossing, outputs between the grid points, spikes and outputs at its end.
    @inlinable
    func generalStep(
        _ local: M, from t: Double, to tNext: Double, _ yp: UnsafeMutablePointer<Double>,
        previous: UnsafeMutablePointer<Double>, _ walk: inout GridWalk
    ) throws(ODESolverError) {
        let n = D.value == 0 ? self.n : D.value
        let h = tNext - t
        let tolerance = walk.gridTolerance
        for i in 0..<n { previous[i] = yp[i] }
        if clampedVariable >= 0 && t + tolerance >= walk.refractoryEnd { clampedVariable = -1 }
        if clampedVariable >= 0 && walk.refractoryEnd < tNext - tolerance && walk.interpolating {
            // The refractory period ends inside this step: clamp until then, free after.
            try step(local, t, walk.refractoryEnd - t, yp)
            clampedVariable = -1
            try step(local, walk.refractoryEnd, tNext - walk.refractoryEnd, yp)
        } else {
            try step(local, t, h, yp)
        }
        try checkFinite(tNext, yp)
        walk.work.recordStep(h)
        walk.work.acceptedSteps += 1
        var fired = false
        if let rule = local.threshold, clampedVariable < 0, yp[rule.variable] > rule.threshold {
            try fire(local, rule, from: t, to: tNext, yp, previous: previous, &walk)
            fired = true
        }
        // Outputs inside (t, tNext), before any jump at tNext: exact propagation's own dense
        // output (the exact solution from the step's start) when nothing fired or was clamped in
        // the step; else linear between the grid values.
        if method == .exact && !fired && clampedVariable < 0 {
            try exactOutputs(before: tNext, from: t, previous, &walk)
        } else {
            walk.interpolateOutputs(before: tNext, from: t, previous, yp)
        }
        // Spikes due at tNext, then outputs at tNext: the state at a spike time includes its jump.
        applySpikes(upTo: tNext, yp, &walk)
        walk.recordOutputs(through: tNext, yp)
    }

    /// A threshold crossing in the step from t to tNext: the spike at the step's end (on the
    /// grid) or interpolated inside it, the reset, and the refractory clamp; with interpolation
    /// the rest of the step is integrated from the reset.
    @inlinable
    func fire(
        _ local: M, _ rule: ThresholdRule, from t: Double, to tNext: Double, _ yp: UnsafeMutablePointer<Double>,
        previous: UnsafeMutablePointer<Double>, _ walk: inout GridWalk
    ) throws(ODESolverError) {
        let n = D.value == 0 ? self.n : D.value
        let h = tNext - t
        var spikeTime = tNext
        if walk.precise, let crossing = try exactCrossing(rule, from: t, step: h, previous: previous) {
            spikeTime = t + crossing.offset
            for i in 0..<n { yp[i] = crossing.state[i] }
        } else if walk.interpolating {
            let before = previous[rule.variable]
            let after = yp[rule.variable]
            let fraction = after > before ? (rule.threshold - before) / (after - before) : 1
            spikeTime = t + min(max(fraction, 0), 1) * h
        }
        walk.spikes.append(spikeTime)
        walk.work.thresholdCrossings += 1
        walk.refractoryEnd = spikeTime + rule.refractory
        guard walk.interpolating else {
            local.applyReset(rule, at: spikeTime, to: yp)
            if rule.refractory > 0 { clampedVariable = rule.variable }
            return
        }
        // Restart from the reset at the crossing and finish the step (the exact state there when
        // precise, else the linear interpolation).
        if !walk.precise {
            for i in 0..<n { yp[i] = previous[i] + (yp[i] - previous[i]) * ((spikeTime - t) / h) }
        }
        local.applyReset(rule, at: spikeTime, to: yp)
        if rule.refractory > 0 {
            clampedVariable = rule.variable
            if walk.refractoryEnd < tNext {
                clampedVariable = -1
                try step(local, walk.refractoryEnd, tNext - walk.refractoryEnd, yp)
            }
        } else if tNext - spikeTime > 0 {
            try step(local, spikeTime, tNext - spikeTime, yp)
        }
    }

    /// Records every pending output strictly inside (t, tNext) by exact propagation from the
    /// state at t (`previous`): scratch in the first two stage buffers.
    @inlinable
    func exactOutputs(before tNext: Double, from t: Double, _ previous: UnsafePointer<Double>, _ walk: inout GridWalk)
        throws(ODESolverError)
    {
        let n = self.n
        while walk.nextOutput < walk.outputOrder.count,
            walk.outputOrder[walk.nextOutput].element < tNext - walk.gridTolerance
        {
            let (k, time) = walk.outputOrder[walk.nextOutput]
            for i in 0..<n { storage[i] = previous[i] }
            if time > t { try exactStep(t, time - t, storage, storage + n) }
            walk.recorder.record(k, Array(UnsafeBufferPointer(start: storage, count: n)))
            walk.nextOutput += 1
        }
    }

    /// Where inside the step from `t` the threshold variable reaches the threshold, for exact
    /// propagation: Brent's method on s ↦ [exact step of s from t]_v − θ over (0, h], to the
    /// abscissa's round-off; the offset and the exact state there. nil when the step's start is
    /// already at or above the threshold (no bracket).
    @inlinable
    func exactCrossing(_ rule: ThresholdRule, from t: Double, step h: Double, previous: UnsafeMutablePointer<Double>)
        throws(ODESolverError) -> (offset: Double, state: [Double])?
    {
        let n = self.n
        let start = Array(UnsafeBufferPointer(start: previous, count: n))
        var failure: ODESolverError?
        // The exact step itself (split at input switches), on scratch in the first two stage buffers.
        func state(after s: Double) -> [Double] {
            for i in 0..<n { storage[i] = start[i] }
            do throws(ODESolverError) {
                try exactStep(t, s, storage, storage + n)
            } catch {
                failure = failure ?? error
                return start.map { _ in .nan }
            }
            return Array(UnsafeBufferPointer(start: storage, count: n))
        }
        guard start[rule.variable] < rule.threshold else { return nil }
        let root = RootFinding.brent(0, h, tolerance: 0) { s in
            s == 0 ? start[rule.variable] - rule.threshold : state(after: s)[rule.variable] - rule.threshold
        }
        if let failure { throw failure }
        guard let root else { return nil }
        return (root, state(after: root))
    }

    /// Applies the presynaptic spikes due at or before `t` (within the grid tolerance).
    @inlinable
    func applySpikes(upTo t: Double, _ yp: UnsafeMutablePointer<Double>, _ walk: inout GridWalk) {
        while walk.nextSpike < walk.spikeTimes.count && walk.spikeTimes[walk.nextSpike] <= t + walk.gridTolerance {
            model.applySpike(walk.nextSpike, to: yp)
            walk.work.eventsApplied += 1
            walk.nextSpike += 1
        }
    }
}

extension OutputRecorder {
    @inlinable
    mutating func record(_ index: Int, _ y: [Double]) {
        y.withUnsafeBufferPointer { record(index, $0.baseAddress!) }
    }
}

/// A compile-time hint of a model's dimension for the fixed-step loops: `value` is the dimension,
/// or 0 for "read it at run time". Specialisations for 1 and 2 let the compiler unroll the
/// stage loops, as a C compiler does for a literal dimension.
public protocol DimensionHint {
    static var value: Int { get }
}

/// Dimension read at run time.
public enum AnyDimension: DimensionHint {
    @inlinable public static var value: Int { 0 }
}

/// One state variable.
public enum OneDimension: DimensionHint {
    @inlinable public static var value: Int { 1 }
}

/// Two state variables.
public enum TwoDimensions: DimensionHint {
    @inlinable public static var value: Int { 2 }
}
