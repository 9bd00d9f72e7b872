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
        let variables = model.variables
        let n = variables.count
        // Decided once: the evaluators test for a clamp, and the loop may set one, together.
        let clamping = model.hasRefractoryClamp
        let callbacks = model.makeCallbacks(clamping: clamping)
        let functions = ODEFunctions(
            dimension: n, evaluator: callbacks.rhs, jacobian: callbacks.jacobian,
            clamps: clamping)
        var control = options.stepControl
        if case .scaled(let a, let r, let ay, let ad, let scale) = control, scale.isEmpty {
            control = .scaled(epsAbs: a, epsRel: r, aY: ay, aDydt: ad, scaleAbs: Array(repeating: 1, count: n))
        }
        let solver = try GSLODESolver(
            functions: functions, stepper: stepper, control: control,
            initialStep: min(options.initialStep, options.maximumStep))
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
        var work = WorkCounters()
        var spikes: [Double] = []
        var recorder = OutputRecorder(times: options.outputTimes, dimension: n)
        let schedule = Schedule(model: model, options: options)
        var t = options.startTime
        var h = min(options.initialStep, options.maximumStep)
        var refractoryEnd = -Double.infinity
        let budget = options.maximumSteps
        let fixedStep = options.fixedStep
        let locating = threshold != nil
        var calls = 0

        try y.withUnsafeMutableBufferPointer { (yBuffer) throws(ODESolverError) in
            let yp = yBuffer.baseAddress!
            for index in schedule.initialSpikes {
                model.applySpike(index, to: yp)
                work.eventsApplied += 1
            }
            for position in schedule.initialOutputs { recorder.record(schedule.outputIndex(at: position), yp) }

            for stop in schedule.stops {
                if !locating && fixedStep == nil && functions.clampedComponent < 0 {
                    try advanceAdaptively(solver, t: &t, to: stop.time, h: &h, y: yp, work: &work, calls: &calls)
                }
                while t < stop.time {
                    // The start of a step in which the threshold variable crossed from below
                    // (the state there in `previousBuffer`), or nil.
                    var crossingStepStart: Double?
                    if let rule = threshold, let previousBuffer, fixedStep == nil, functions.clampedComponent < 0 {
                        crossingStepStart = try advanceToCrossing(
                            solver, t: &t, to: stop.time, h: &h, y: yp,
                            previous: previousBuffer, dimension: n, rule: rule,
                            work: &work, calls: &calls)
                    } else {
                        let refractory = functions.clampedComponent >= 0
                        let limit = refractory ? min(stop.time, refractoryEnd) : stop.time
                        // A stop a few ulp away is already reached: a sliver step changes y below
                        // round-off, and extrapolating steppers (bsimp) cannot estimate its error.
                        if limit - t <= 64 * limit.magnitude.ulp {
                            t = limit
                            if refractory && t >= refractoryEnd {
                                functions.clampedComponent = -1
                                solver.reset()
                            }
                            continue
                        }
                        if let previousBuffer { for i in 0..<n { previousBuffer[i] = yp[i] } }
                        let tPrevious = t
                        if let dt = fixedStep {
                            let hStep = min(dt, limit - t)
                            try solver.fixedStep(t: &t, h: hStep, y: yp)
                            if abs(t - limit) <= 1e-12 * max(1, abs(limit)) || t > limit { t = limit }
                        } else {
                            try adaptiveStep(solver, t: &t, h: &h, limit: limit, y: yp)
                        }
                        work.recordStep(t - tPrevious)
                        // The budget (accepted + rejected steps) is read from GSL every 32 calls: a
                        // runaway solve stops at most 31 steps past it.
                        calls &+= 1
                        if calls & 31 == 0 && solver.acceptedSteps + solver.rejectedSteps > budget {
                            throw .stepCountExceeded(limit: budget, time: t, stepper: stepper.rawValue)
                        }
                        if refractory && t >= refractoryEnd {
                            functions.clampedComponent = -1
                            solver.reset()
                        }
                        if let rule = threshold, let previousBuffer, functions.clampedComponent < 0,
                            previousBuffer[rule.variable] < rule.threshold, yp[rule.variable] >= rule.threshold
                        {
                            crossingStepStart = tPrevious
                        }
                    }
                    if let tPrevious = crossingStepStart, let rule = threshold, let locator, let previousBuffer {
                        let crossing = try locator.locate(from: tPrevious, previousBuffer, to: t, rule: rule)
                        t = crossing.time
                        for i in 0..<n { yp[i] = crossing.state[i] }
                        yp[rule.variable] = rule.reset
                        spikes.append(t)
                        work.thresholdCrossings += 1
                        if clamping {
                            refractoryEnd = t + rule.refractory
                            functions.clampedComponent = rule.variable
                        }
                        solver.reset()
                    }
                }
                if !stop.spikes.isEmpty {
                    for index in stop.spikes { model.applySpike(index, to: yp) }
                    work.eventsApplied += stop.spikes.count
                    solver.reset()
                } else if breakpoints.contains(stop.time) {
                    solver.reset()
                }
                for position in stop.outputs { recorder.record(schedule.outputIndex(at: position), yp) }
            }
        }
        work.rhsEvaluations = solver.rhsEvaluations + (locator?.rhsEvaluations ?? 0)
        work.jacobianEvaluations = solver.jacobianEvaluations
        work.acceptedSteps = solver.acceptedSteps
        work.rejectedSteps = solver.rejectedSteps
        if options.fixedStep != nil { work.rejectedSteps = 0 }
        return Solution(
            variables: variables, times: recorder.times, values: recorder.values,
            spikes: spikes, work: work, finalState: y)
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
        let sliver = 64 * limit.magnitude.ulp
        let budget = options.maximumSteps
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
        while limit - tStep > sliver {
            if let watch { for i in 0..<watch.dimension { watch.previous[i] = y[i] } }
            let tPrevious = tStep
            try adaptiveStep(solver, t: &tStep, h: &hStep, limit: limit, y: y)
            stepWork.recordStep(tStep - tPrevious)
            stepCalls &+= 1
            if stepCalls & 31 == 0 && solver.acceptedSteps + solver.rejectedSteps > budget {
                throw .stepCountExceeded(limit: budget, time: tStep, stepper: stepper.rawValue)
            }
            if let watch, watch.previous[watch.rule.variable] < watch.rule.threshold,
                y[watch.rule.variable] >= watch.rule.threshold
            {
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
