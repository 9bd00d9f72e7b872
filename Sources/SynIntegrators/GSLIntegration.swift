import SynVerifyGSL

/// One solve with a GSL stepper: adaptive (`gsl_odeiv2_evolve_apply`) or fixed step
/// (`gsl_odeiv2_evolve_apply_fixed_step`), never stepping across a scheduled stop; after each
/// jump the stepper is reset (multistep history included).
struct GSLIntegration {
    let model: any ODEModel
    let options: SolveOptions
    let stepper: Stepper

    func run() throws(ODESolverError) -> Solution {
        try run(model)
    }

    private func run<M: ODEModel>(_ model: M) throws(ODESolverError) -> Solution {
        let n = model.variables.count
        // Decided once: the evaluators test for a clamp, and the loop may set one, together.
        let clamping = model.hasRefractoryClamp
        let callbacks = model.makeCallbacks(clamping: clamping)
        let functions = ODEFunctions(
            dimension: n, evaluator: callbacks.rhs, jacobian: callbacks.jacobian, clamps: clamping)
        let solver = try makeSolver(functions, dimension: n)
        let threshold = model.threshold
        let locator: CrossingLocator? =
            threshold == nil
            ? nil
            : try CrossingLocator(
                functions: ODEFunctions(dimension: n, evaluator: callbacks.rhs, jacobian: nil, clamps: false))
        let breakpoints = Set(model.breakpoints)
        // The state at a step's start, kept only where a threshold crossing may need it.
        let previousBuffer: UnsafeMutablePointer<Double>? = threshold == nil ? nil : .allocate(capacity: n)
        defer { previousBuffer?.deallocate() }

        var y = model.initialState
        var loop = LoopState(t: options.startTime, h: min(options.initialStep, options.maximumStep))
        var spikes: [Double] = []
        var recorder = OutputRecorder(times: options.outputTimes, dimension: n)
        let schedule = Schedule(model: model, options: options)

        try y.withUnsafeMutableBufferPointer { (yBuffer) throws(ODESolverError) in
            let yp = yBuffer.baseAddress!
            for index in schedule.initialSpikes {
                model.applySpike(index, to: yp)
                loop.work.eventsApplied += 1
            }
            for position in schedule.initialOutputs { recorder.record(schedule.outputIndex(at: position), yp) }
            for stop in schedule.stops {
                if threshold == nil && options.fixedStep == nil && functions.clampedComponent < 0 {
                    try advanceAdaptively(
                        solver, t: &loop.t, to: stop.time, h: &loop.h, y: yp, work: &loop.work, calls: &loop.calls)
                }
                while loop.t < stop.time {
                    // The start of a step in which the threshold variable crossed from below
                    // (the state there in `previousBuffer`), or nil.
                    var crossingStepStart: Double?
                    if let rule = threshold, let previousBuffer, options.fixedStep == nil,
                        functions.clampedComponent < 0
                    {
                        crossingStepStart = try advanceToCrossing(
                            solver, t: &loop.t, to: stop.time, h: &loop.h, y: yp, previous: previousBuffer,
                            dimension: n, rule: rule, work: &loop.work, calls: &loop.calls)
                    } else {
                        crossingStepStart = try generalStep(
                            solver, functions, toward: stop.time, y: yp, previous: previousBuffer, dimension: n,
                            threshold: threshold, &loop)
                    }
                    if let tPrevious = crossingStepStart, let rule = threshold, let locator, let previousBuffer {
                        let crossing = try locator.locate(from: tPrevious, previousBuffer, to: loop.t, rule: rule)
                        try countLocatorWork(solver, locator, time: crossing.time)
                        loop.t = crossing.time
                        for i in 0..<n { yp[i] = crossing.state[i] }
                        model.applyReset(rule, at: loop.t, to: yp)
                        spikes.append(loop.t)
                        loop.work.thresholdCrossings += 1
                        if clamping {
                            loop.refractoryEnd = loop.t + rule.refractory
                            functions.clampedComponent = rule.variable
                        }
                        solver.reset()
                    }
                }
                if !stop.spikes.isEmpty {
                    for index in stop.spikes { model.applySpike(index, to: yp) }
                    loop.work.eventsApplied += stop.spikes.count
                    solver.reset()
                } else if breakpoints.contains(stop.time) {
                    solver.reset()
                }
                for position in stop.outputs { recorder.record(schedule.outputIndex(at: position), yp) }
            }
        }
        var work = loop.work
        work.rhsEvaluations = solver.rhsEvaluations + (locator?.rhsEvaluations ?? 0)
        work.jacobianEvaluations = solver.jacobianEvaluations
        work.acceptedSteps = solver.acceptedSteps
        work.rejectedSteps = options.fixedStep == nil ? solver.rejectedSteps : 0
        return Solution(
            variables: model.variables, times: recorder.times, values: recorder.values,
            spikes: spikes, work: work, finalState: y)
    }

    /// Where the step loop stands: time (ms), the next adaptive step (ms), the end of a
    /// refractory period, the GSL calls made and the work so far.
    private struct LoopState {
        var t: Double
        var h: Double
        var refractoryEnd = -Double.infinity
        var calls = 0
        var work = WorkCounters()
    }

    /// The GSL driver for the options' stepper and step control (an empty `scale_abs` means 1 for
    /// every component).
    private func makeSolver(_ functions: ODEFunctions, dimension n: Int) throws(ODESolverError) -> GSLODESolver {
        var control = options.stepControl
        if case .scaled(let a, let r, let ay, let ad, let scale) = control, scale.isEmpty {
            control = .scaled(epsAbs: a, epsRel: r, aY: ay, aDydt: ad, scaleAbs: Array(repeating: 1, count: n))
        }
        return try GSLODESolver(
            functions: functions, stepper: stepper, control: control,
            initialStep: min(options.initialStep, options.maximumStep))
    }

    /// One step of the general loop (fixed steps, or adaptive ones inside a refractory period,
    /// which ends at a step boundary and releases the clamp). Returns the start time of the
    /// step if the threshold variable crossed from below in it (its starting state is then in
    /// `previous`), else nil.
    private func generalStep(
        _ solver: GSLODESolver, _ functions: ODEFunctions, toward stopTime: Double, y: UnsafeMutablePointer<Double>,
        previous: UnsafeMutablePointer<Double>?, dimension n: Int, threshold: ThresholdRule?, _ loop: inout LoopState
    ) throws(ODESolverError) -> Double? {
        let refractory = functions.clampedComponent >= 0
        let limit = refractory ? min(stopTime, loop.refractoryEnd) : stopTime
        if Self.reached(limit, from: loop.t) {
            loop.t = limit
        } else {
            if let previous { Self.keep(y, in: previous, dimension: n) }
            let tPrevious = loop.t
            if let dt = options.fixedStep {
                try solver.fixedStep(t: &loop.t, h: min(dt, limit - loop.t), y: y)
                if abs(loop.t - limit) <= 1e-12 * max(1, abs(limit)) || loop.t > limit { loop.t = limit }
            } else {
                try adaptiveStep(solver, t: &loop.t, h: &loop.h, limit: limit, y: y)
            }
            loop.work.recordStep(loop.t - tPrevious)
            try countCall(solver, calls: &loop.calls, time: loop.t)
            if refractory && loop.t >= loop.refractoryEnd { release(functions, solver) }
            if let rule = threshold, let previous, functions.clampedComponent < 0,
                Self.crossedUpward(rule, previous: previous, y: y)
            {
                return tPrevious
            }
            return nil
        }
        if refractory && loop.t >= loop.refractoryEnd { release(functions, solver) }
        return nil
    }

    /// Ends a refractory period: the clamp off, the stepper's history dropped.
    private func release(_ functions: ODEFunctions, _ solver: GSLODESolver) {
        functions.clampedComponent = -1
        solver.reset()
    }

    // MARK: - Bookkeeping shared by the loops

    /// A stop a few ulp away is already reached: a sliver step changes y below round-off, and
    /// extrapolating steppers (bsimp) cannot estimate its error.
    @inline(__always)
    private static func reached(_ limit: Double, from t: Double) -> Bool {
        limit - t <= 64 * limit.magnitude.ulp
    }

    /// Counts a GSL call; the budget (accepted + rejected steps) is read from GSL every 32 calls,
    /// so a runaway solve stops at most 31 steps past it.
    @inline(__always)
    private func countCall(_ solver: GSLODESolver, calls: inout Int, time t: Double) throws(ODESolverError) {
        calls &+= 1
        if calls & 31 == 0 && solver.acceptedSteps + solver.rejectedSteps > options.maximumSteps {
            throw .stepCountExceeded(limit: options.maximumSteps, time: t, stepper: stepper.rawValue)
        }
    }

    /// The step budget covers the crossing locator's re-integrations too (as SUNDIALS counts all
    /// of a solve's work toward `mxstep`): a threshold model cannot run on unbounded.
    private func countLocatorWork(_ solver: GSLODESolver, _ locator: CrossingLocator, time t: Double)
        throws(ODESolverError)
    {
        if solver.acceptedSteps + solver.rejectedSteps + locator.steps > options.maximumSteps {
            throw .stepCountExceeded(
                limit: options.maximumSteps, time: t, stepper: "\(stepper.rawValue) and the crossing locator's rk8pd")
        }
    }

    /// The threshold variable went from below the threshold (in `previous`) to at or above it.
    @inline(__always)
    private static func crossedUpward(
        _ rule: ThresholdRule, previous: UnsafePointer<Double>, y: UnsafePointer<Double>
    ) -> Bool {
        previous[rule.variable] < rule.threshold && y[rule.variable] >= rule.threshold
    }

    /// Copies the state at a step's start.
    @inline(__always)
    private static func keep(_ y: UnsafePointer<Double>, in previous: UnsafeMutablePointer<Double>, dimension n: Int) {
        for i in 0..<n { previous[i] = y[i] }
    }

    /// The plain adaptive loop from `t` to `limit`: no threshold and no clamp, so nothing to
    /// check between steps but the step size and the budget (GSL's own driver loop).
    @inline(never)
    private func advanceAdaptively(
        _ solver: GSLODESolver, t: inout Double, to limit: Double, h: inout Double,
        y: UnsafeMutablePointer<Double>, work: inout WorkCounters, calls: inout Int
    ) throws(ODESolverError) {
        _ = try advance(solver, t: &t, to: limit, h: &h, y: y, watching: nil, work: &work, calls: &calls)
    }

    /// Adaptive steps from `t` toward `limit`, with no refractory clamp in force, until the limit
    /// is reached or `y[rule.variable]` crosses `rule.threshold` from below. Returns the start
    /// time of the crossing step, whose state is then in `previous`, or nil at the limit: the
    /// same steps and checks as the general loop in `run`.
    @inline(never)
    private func advanceToCrossing(
        _ solver: GSLODESolver, t: inout Double, to limit: Double, h: inout Double,
        y: UnsafeMutablePointer<Double>, previous: UnsafeMutablePointer<Double>,
        dimension n: Int, rule: ThresholdRule,
        work: inout WorkCounters, calls: inout Int
    ) throws(ODESolverError) -> Double? {
        try advance(
            solver, t: &t, to: limit, h: &h, y: y,
            watching: CrossingWatch(rule: rule, previous: previous, dimension: n),
            work: &work, calls: &calls)
    }

    /// A threshold crossing to watch for: the rule, and where to keep each step's starting state.
    private struct CrossingWatch {
        let rule: ThresholdRule
        let previous: UnsafeMutablePointer<Double>
        let dimension: Int
    }

    /// The body of both loops above (`watch` is a constant in each, so each compiles to its own
    /// tight loop): adaptive steps on locals, so that the state stays in registers between GSL
    /// calls, with the budget read from GSL every 32 steps.
    @inline(__always)
    private func advance(
        _ solver: GSLODESolver, t: inout Double, to limit: Double, h: inout Double,
        y: UnsafeMutablePointer<Double>, watching watch: CrossingWatch?,
        work: inout WorkCounters, calls: inout Int
    ) throws(ODESolverError) -> Double? {
        var tStep = t
        var hStep = h
        var stepCalls = calls
        var stepWork = work
        // Written back on both exits (a thrown error ends the solve).
        func writeBack() {
            h = hStep
            calls = stepCalls
            work = stepWork
        }
        while !Self.reached(limit, from: tStep) {
            if let watch { Self.keep(y, in: watch.previous, dimension: watch.dimension) }
            let tPrevious = tStep
            try adaptiveStep(solver, t: &tStep, h: &hStep, limit: limit, y: y)
            stepWork.recordStep(tStep - tPrevious)
            try countCall(solver, calls: &stepCalls, time: tStep)
            if let watch, Self.crossedUpward(watch.rule, previous: watch.previous, y: y) {
                t = tStep
                writeBack()
                return tPrevious
            }
        }
        t = max(tStep, limit)
        writeBack()
        return nil
    }

    /// One adaptive step toward `limit`, with the step-size bookkeeping: a step cut short to land
    /// on a stop keeps the step the controller wanted, h_min is enforced and h_max applied.
    @inline(__always)
    private func adaptiveStep(
        _ solver: GSLODESolver, t: inout Double, h: inout Double, limit: Double,
        y: UnsafeMutablePointer<Double>
    ) throws(ODESolverError) {
        let hWanted = h
        do throws(ODESolverError) {
            try solver.step(t: &t, limit: limit, h: &h, y: y)
            // A step cut short to land on a stop says nothing about the step the
            // solution allows: keep the one the controller wanted before the cut.
            if t == limit && h < hWanted { h = hWanted }
        } catch {
            // GSL gives up (GSL_FAILURE) on a last step below ~1e-12·|t| that its
            // error estimate cannot resolve; that step is below round-off in y.
            guard case .gsl(let gslError, _, _) = error, gslError.code == GSLError.failedCode,
                limit - t <= 1e-12 * max(1, limit.magnitude)
            else { throw error }
            t = limit
        }
        if t < limit && h < options.minimumStep {
            throw .stepSizeUnderflow(step: h, minimum: options.minimumStep, time: t)
        }
        h = min(h, options.maximumStep)
    }
}
