import SynVerifyGSL

/// Locates a threshold crossing inside a step by re-integrating from the step's start with
/// GSL's rk8pd at tight tolerance (1e-14) and bracketing the root of u(t) − u_th with Brent's
/// method to 1e-13 ms. Valid for every stepper, multistep ones included, since it needs only
/// the state at the step's start.
final class CrossingLocator {
    let solver: GSLODESolver
    let dimension: Int
    /// The state after the last `advance` (`dimension` values, owned by the locator): a raw
    /// buffer, so that the root finder's re-integrations run without array uniqueness or
    /// exclusivity checks.
    let buffer: UnsafeMutablePointer<Double>

    /// - Parameter functions: the model's right-hand side (not clamped: crossings are only
    ///   sought outside refractory periods).
    init(functions: ODEFunctions) throws(ODESolverError) {
        dimension = functions.dimension
        solver = try GSLODESolver(
            functions: functions, stepper: .rk8pd, control: .y(epsAbs: 1e-14, epsRel: 1e-14),
            initialStep: 1e-3)
        buffer = .allocate(capacity: dimension)
        buffer.initialize(repeating: 0, count: dimension)
    }

    deinit {
        buffer.deallocate()
    }

    var rhsEvaluations: Int { solver.rhsEvaluations }
    /// Steps taken by all re-integrations so far (accepted and rejected).
    var steps: Int { solver.acceptedSteps + solver.rejectedSteps }

    /// The state `tau` ms after (t0, y0), in `buffer`.
    func advance(from t0: Double, _ y0: UnsafePointer<Double>, by tau: Double) throws(ODESolverError) {
        for i in 0..<dimension { buffer[i] = y0[i] }
        guard tau > 0 else { return }
        solver.reset()
        var t = t0
        var h = min(tau, 1e-2)
        let end = t0 + tau
        var steps = 0
        while t < end {
            try solver.step(t: &t, limit: end, h: &h, y: buffer)
            steps += 1
            if steps > 1_000_000 {
                throw .stepCountExceeded(limit: 1_000_000, time: t, stepper: "rk8pd (crossing locator)")
            }
        }
    }

    /// The crossing time in (t0, t1] and the state there (before reset).
    func locate(from t0: Double, _ y0: UnsafePointer<Double>, to t1: Double, rule: ThresholdRule) throws(ODESolverError)
        -> (time: Double, state: [Double])
    {
        var failure: ODESolverError?
        let g = { (tau: Double) -> Double in
            do throws(ODESolverError) {
                try self.advance(from: t0, y0, by: tau)
                return self.buffer[rule.variable] - rule.threshold
            } catch {
                if failure == nil { failure = error }
                return .nan
            }
        }
        let width = t1 - t0
        let root = RootFinding.brent(0, width, tolerance: 1e-13, g)
        if let failure { throw failure }
        let tau = root ?? width
        try advance(from: t0, y0, by: tau)
        return (t0 + tau, Array(UnsafeBufferPointer(start: buffer, count: dimension)))
    }
}
