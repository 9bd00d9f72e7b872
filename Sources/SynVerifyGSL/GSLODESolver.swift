import CGSL

/// A right-hand side in GSL's calling contract, as the trampoline calls it: writes f(t, y) at
/// `dydt` and returns GSL_SUCCESS (0), or records why it cannot in `functions` and returns
/// GSL_EBADFUNC. `ODEFunctions.evaluate(_:_:_:)` is the body every evaluator runs: count,
/// evaluate, clamp, finiteness check. A model-specialised evaluator (`ODEModel.makeCallbacks`)
/// inlines the model's arithmetic into it, so GSL's call reaches the model in one indirect call.
public typealias ODEEvaluator = (
    _ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>, _ functions: ODEFunctions
) -> Int32

/// A Jacobian in GSL's calling contract: ∂f/∂y row-major at `dfdy`, ∂f/∂t at `dfdt`; 0 or GSL_EBADFUNC.
/// Its body is `ODEFunctions.evaluateJacobian(_:_:_:)`.
public typealias ODEJacobianEvaluator = (
    _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>, _ dfdt: UnsafeMutablePointer<Double>,
    _ functions: ODEFunctions
) -> Int32

/// The Swift side of a `gsl_odeiv2_system`: the right-hand side and Jacobian evaluators, the
/// counters, the first error raised, and a component held constant (refractory clamp). GSL
/// reaches it through the system's `params` pointer without retain or release; the mutable
/// fields are unchecked for exclusivity (one solve, one thread).
public final class ODEFunctions {
    public let dimension: Int
    @usableFromInline let evaluator: ODEEvaluator
    @usableFromInline let jacobianEvaluator: ODEJacobianEvaluator?
    public var hasJacobian: Bool { jacobianEvaluator != nil }
    @exclusivity(unchecked) @usableFromInline var rhsCount = 0
    @exclusivity(unchecked) @usableFromInline var jacobianCount = 0
    /// Index of a component whose derivative (and Jacobian row) is forced to 0, or −1.
    @exclusivity(unchecked) @usableFromInline var clamped = -1
    @exclusivity(unchecked) @usableFromInline var pendingError: ODEFunctionError?

    public var rhsEvaluations: Int { rhsCount }
    public var jacobianEvaluations: Int { jacobianCount }
    /// Index of a component whose derivative (and Jacobian row) is forced to 0, or −1.
    /// Only for functions whose evaluators clamp (`clamps`).
    public var clampedComponent: Int {
        get { clamped }
        set {
            precondition(newValue < 0 || clamps, "clamping a component needs evaluators built with clamping: true")
            clamped = newValue
        }
    }
    /// Whether the evaluators honour `clampedComponent` (built with `clamping: true`).
    public let clamps: Bool

    /// Evaluators in GSL's contract; `evaluator` and `jacobian` may be shared by several
    /// `ODEFunctions` (each keeps its own counters and clamp). `clamps`: whether they were built
    /// with `clamping: true`, so that a component can be held constant.
    public init(dimension: Int, evaluator: @escaping ODEEvaluator, jacobian: ODEJacobianEvaluator?, clamps: Bool) {
        self.dimension = dimension
        self.evaluator = evaluator
        jacobianEvaluator = jacobian
        self.clamps = clamps
    }

    /// The body of every right-hand-side evaluator: counts the call, runs `body` (which writes
    /// the derivatives at `dydt`), zeroes a clamped component (when `clamping`: only evaluators
    /// of models with a refractory clamp pay for the test) and checks that every derivative is
    /// finite. Returns 0, or GSL_EBADFUNC with the first error kept for the solver to report.
    /// Called by GSL through a `GSLODESolver`, which refuses a dimension below 1 before any call.
    @inlinable @inline(__always)
    public func evaluate(
        _ dydt: UnsafeMutablePointer<Double>, clamping: Bool, _ body: () throws(ODEFunctionError) -> Void
    ) -> Int32 {
        rhsCount &+= 1
        do throws(ODEFunctionError) {
            try body()
        } catch {
            return fail(error)
        }
        if clamping {
            let component = clamped
            if component >= 0 { dydt[component] = 0 }
        }
        // Branch-free finiteness test: a sum of finite numbers times 0 is 0, anything else NaN.
        // Models of one or two variables (most synapses) skip the loop the compiler unrolls.
        let n = dimension
        var probe = dydt[0]
        if n > 1 {
            probe += dydt[1]
            var i = 2
            while i < n {
                probe += dydt[i]
                i &+= 1
            }
        }
        return probe * 0 == 0 ? 0 : nonFinite(dydt)
    }

    /// The body of every Jacobian evaluator: counts the call, runs `body` (which writes ∂f/∂y
    /// at `dfdy` and ∂f/∂t at `dfdt`) and zeroes a clamped component's row (when `clamping`).
    @inlinable @inline(__always)
    public func evaluateJacobian(
        _ dfdy: UnsafeMutablePointer<Double>, _ dfdt: UnsafeMutablePointer<Double>, clamping: Bool,
        _ body: () throws(ODEFunctionError) -> Void
    ) -> Int32 {
        jacobianCount &+= 1
        do throws(ODEFunctionError) {
            try body()
        } catch {
            return fail(error)
        }
        let component = clamped
        if clamping && component >= 0 {
            let n = dimension
            for j in 0..<n { dfdy[component * n + j] = 0 }
            dfdt[component] = 0
        }
        return 0
    }

    /// The cold path of a non-finite derivative: names the component, and returns GSL_FAILURE,
    /// not GSL_EBADFUNC: GSL's evolve then retries the step with half its size (a trial stage
    /// that overshot into the region where `exp` overflows), down to a step that no longer
    /// moves t (bounded), and only then fails, reporting this reason. A model's own error
    /// (`fail`) stops at once.
    @usableFromInline @inline(never)
    func nonFinite(_ dydt: UnsafeMutablePointer<Double>) -> Int32 {
        for i in 0..<dimension where !dydt[i].isFinite {
            if pendingError == nil { pendingError = ODEFunctionError("dy[\(i)]/dt = \(dydt[i]) is not finite") }
            return retryable
        }
        return 0
    }

    /// Forgets the reason of trial steps that failed and were retried smaller, once a step
    /// succeeded; counts them. Out of line: inlined into every step it would cost the loop.
    @usableFromInline @inline(never)
    func recoveredSlowPath() {
        if pendingError != nil {
            pendingError = nil
            recoveredTrials &+= 1
        }
    }

    /// Accepted steps taken after at least one trial with non-finite derivatives was retried.
    @exclusivity(unchecked) public internal(set) var recoveredTrials = 0

    @inlinable @inline(__always)
    func recovered() {
        if pendingError != nil { recoveredSlowPath() }
    }

    /// Keeps the first error of a solve; returns GSL_EBADFUNC. Out of line: the error path is cold.
    @usableFromInline @inline(never)
    func fail(_ error: ODEFunctionError) -> Int32 {
        if pendingError == nil { pendingError = error }
        return badFunction
    }
}

private let badFunction = Int32(GSL_EBADFUNC)
@usableFromInline let retryable = Int32(GSL_FAILURE)

/// Capture-free trampolines: no allocation, no array creation, no reference counting. `params`
/// is the solver's `ODEFunctions`, which the solver keeps alive, reached without retain or
/// release; the evaluator does the rest.
@_cdecl("synverify_rhs_trampoline")
func rhsTrampolineFunction(
    _ t: Double, _ y: UnsafePointer<Double>?, _ dydt: UnsafeMutablePointer<Double>?, _ params: UnsafeMutableRawPointer?
) -> Int32 {
    Unmanaged<ODEFunctions>.fromOpaque(params.unsafelyUnwrapped)._withUnsafeGuaranteedRef { functions in
        functions.evaluator(t, y.unsafelyUnwrapped, dydt.unsafelyUnwrapped, functions)
    }
}

@_cdecl("synverify_jacobian_trampoline")
func jacobianTrampolineFunction(
    _ t: Double, _ y: UnsafePointer<Double>?, _ dfdy: UnsafeMutablePointer<Double>?,
    _ dfdt: UnsafeMutablePointer<Double>?, _ params: UnsafeMutableRawPointer?
) -> Int32 {
    Unmanaged<ODEFunctions>.fromOpaque(params.unsafelyUnwrapped)._withUnsafeGuaranteedRef { functions in
        guard let jacobian = functions.jacobianEvaluator else {
            return functions.fail(ODEFunctionError("no Jacobian"))
        }
        return jacobian(t, y.unsafelyUnwrapped, dfdy.unsafelyUnwrapped, dfdt.unsafelyUnwrapped, functions)
    }
}

private let rhsTrampoline:
    @convention(c) (Double, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutableRawPointer?) -> Int32 =
        rhsTrampolineFunction

private let jacobianTrampoline:
    @convention(c) (
        Double, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?,
        UnsafeMutableRawPointer?
    ) -> Int32 = jacobianTrampolineFunction

/// One GSL `odeiv2` driver (stepper, control and evolve objects) over a Swift right-hand side.
///
/// Owns the heap-allocated `gsl_odeiv2_system`, which must outlive the driver (GSL keeps a pointer
/// to it), and frees both in `deinit`. Not thread-safe: one solver per thread.
/// GSL: `gsl_odeiv2_driver_alloc_*_new`, `gsl_odeiv2_evolve_apply`,
/// `gsl_odeiv2_evolve_apply_fixed_step`, `gsl_odeiv2_driver_reset`.
public final class GSLODESolver {
    public let stepper: Stepper
    public let dimension: Int
    @usableFromInline let context: ODEFunctions
    @usableFromInline let system: UnsafeMutablePointer<gsl_odeiv2_system>
    let driver: UnsafeMutablePointer<gsl_odeiv2_driver>
    /// The driver's evolve, control and step objects (GSL keeps them for the driver's lifetime).
    @usableFromInline let evolve: UnsafeMutablePointer<gsl_odeiv2_evolve>
    @usableFromInline let control: UnsafeMutablePointer<gsl_odeiv2_control>?
    @usableFromInline let step: UnsafeMutablePointer<gsl_odeiv2_step>
    /// Steps accepted and rejected before the last reset (GSL zeroes its counters on reset).
    var acceptedBeforeReset = 0
    var rejectedBeforeReset = 0

    /// - Parameters:
    ///   - functions: the right-hand side (and Jacobian); kept alive by the solver.
    ///   - initialStep: first trial step h (ms), > 0.
    /// - Throws: `ODESolverError.missingJacobian` for an implicit stepper without a Jacobian,
    ///   `.invalidOption` for a bad dimension, tolerance, scale or step, `.allocationFailed`.
    public init(functions: ODEFunctions, stepper: Stepper, control: StepControl, initialStep: Double)
        throws(ODESolverError)
    {
        _ = GSL.ready
        let dimension = functions.dimension
        guard dimension >= 1 else { throw .invalidOption(name: "dimension", value: Double(dimension), allowed: "≥ 1") }
        if stepper.requiresJacobian && !functions.hasJacobian { throw .missingJacobian(stepper: stepper.rawValue) }
        guard initialStep.isFinite, initialStep > 0 else {
            throw .invalidOption(name: "initial step", value: initialStep, allowed: "> 0 ms (finite)")
        }
        /// A tolerance or weight: finite and ≥ 0.
        func checkWeight(_ name: String, _ value: Double) throws(ODESolverError) {
            if !(value.isFinite && value >= 0) {
                throw .invalidOption(name: name, value: value, allowed: "≥ 0 (finite)")
            }
        }
        let (epsAbs, epsRel) = control.tolerances
        try checkWeight("eps_abs", epsAbs)
        try checkWeight("eps_rel", epsRel)
        guard epsAbs > 0 || epsRel > 0 else {
            throw .invalidOption(name: "eps_abs", value: epsAbs, allowed: "> 0, or eps_rel > 0")
        }
        if case .standard(_, _, let aY, let aDydt) = control {
            try checkWeight("a_y", aY)
            try checkWeight("a_dydt", aDydt)
        }
        if case .scaled(_, _, let aY, let aDydt, let scale) = control {
            try checkWeight("a_y", aY)
            try checkWeight("a_dydt", aDydt)
            guard scale.count == dimension else {
                throw .invalidOption(
                    name: "scale_abs count", value: Double(scale.count),
                    allowed: "= \(dimension) (one per state variable)")
            }
            for s in scale where !(s.isFinite && s >= 0) {
                throw .invalidOption(name: "scale_abs", value: s, allowed: "≥ 0 (finite)")
            }
        }
        let context = functions
        let system = UnsafeMutablePointer<gsl_odeiv2_system>.allocate(capacity: 1)
        system.initialize(
            to: gsl_odeiv2_system(
                function: rhsTrampoline,
                jacobian: jacobianTrampoline,
                dimension: dimension,
                params: Unmanaged.passUnretained(context).toOpaque()
            ))
        let allocated: UnsafeMutablePointer<gsl_odeiv2_driver>?
        switch control {
        case .y(let a, let r):
            allocated = gsl_odeiv2_driver_alloc_y_new(system, stepper.type, initialStep, a, r)
        case .yp(let a, let r):
            allocated = gsl_odeiv2_driver_alloc_yp_new(system, stepper.type, initialStep, a, r)
        case .standard(let a, let r, let ay, let ad):
            allocated = gsl_odeiv2_driver_alloc_standard_new(system, stepper.type, initialStep, a, r, ay, ad)
        case .scaled(let a, let r, let ay, let ad, let scale):
            allocated = scale.withUnsafeBufferPointer {
                gsl_odeiv2_driver_alloc_scaled_new(system, stepper.type, initialStep, a, r, ay, ad, $0.baseAddress)
            }
        }
        guard let allocated else {
            system.deinitialize(count: 1)
            system.deallocate()
            throw .allocationFailed("an odeiv2 driver for \(stepper.rawValue)")
        }
        self.stepper = stepper
        self.dimension = dimension
        self.context = context
        self.system = system
        driver = allocated
        evolve = allocated.pointee.e
        self.control = allocated.pointee.c
        step = allocated.pointee.s
    }

    deinit {
        gsl_odeiv2_driver_free(driver)
        system.deinitialize(count: 1)
        system.deallocate()
    }

    public var rhsEvaluations: Int { context.rhsEvaluations }
    public var jacobianEvaluations: Int { context.jacobianEvaluations }
    public var acceptedSteps: Int { acceptedBeforeReset + Int(evolve.pointee.count) }
    public var rejectedSteps: Int { rejectedBeforeReset + Int(evolve.pointee.failed_steps) }

    /// One adaptive step from `t` toward `limit` (never beyond it); updates t, h and y.
    /// GSL: `gsl_odeiv2_evolve_apply`.
    /// Inlinable: the stepping loops call it once per step.
    @inlinable
    public func step(t: inout Double, limit: Double, h: inout Double, y: UnsafeMutablePointer<Double>)
        throws(ODESolverError)
    {
        let status = gsl_odeiv2_evolve_apply(evolve, control, step, system, &t, limit, &h, y)
        if status != 0 { throw failure(status, "gsl_odeiv2_evolve_apply", t: t, y: y) }
        context.recovered()
    }

    /// One step of exactly `h` (no error control); updates t and y.
    /// GSL: `gsl_odeiv2_evolve_apply_fixed_step`.
    public func fixedStep(t: inout Double, h: Double, y: UnsafeMutablePointer<Double>) throws(ODESolverError) {
        let status = gsl_odeiv2_evolve_apply_fixed_step(evolve, nil, step, system, &t, h, y)
        if status != 0 { throw failure(status, "gsl_odeiv2_evolve_apply_fixed_step", t: t, y: y) }
    }

    /// Forgets the step history (after a discontinuity); counts are kept.
    /// GSL: `gsl_odeiv2_driver_reset`.
    public func reset() {
        acceptedBeforeReset += Int(evolve.pointee.count)
        rejectedBeforeReset += Int(evolve.pointee.failed_steps)
        _ = gsl_odeiv2_driver_reset(driver)
    }

    /// Evaluates the right-hand side once (counted), e.g. for dense output.
    public func derivatives(t: Double, y: UnsafePointer<Double>, into dydt: UnsafeMutablePointer<Double>)
        throws(ODESolverError)
    {
        let status = rhsTrampoline(t, y, dydt, system.pointee.params)
        if status != 0 {
            throw failure(status, "right-hand side", t: t, y: y)
        }
    }

    @usableFromInline @inline(never)
    func failure(_ status: Int32, _ routine: String, t: Double, y: UnsafePointer<Double>) -> ODESolverError {
        let state = Array(UnsafeBufferPointer(start: y, count: dimension))
        if let error = context.pendingError {
            context.pendingError = nil
            return .function(error, time: t, state: state)
        }
        return .gsl(GSLError(code: status, routine: routine), time: t, state: state)
    }
}
