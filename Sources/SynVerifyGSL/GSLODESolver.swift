import CGSL

/// Right-hand side f(t, y) → dy/dt: reads `dimension` values at `y`, writes as many at `dydt`.
/// It must not allocate; it may throw to stop the solve.
public typealias ODERightHandSide = (_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>) throws(ODEFunctionError) -> Void

/// Jacobian: writes ∂f_i/∂y_j row-major into `dfdy` (dimension²) and ∂f_i/∂t into `dfdt`.
public typealias ODEJacobian = (_ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>, _ dfdt: UnsafeMutablePointer<Double>) throws(ODEFunctionError) -> Void

/// The Swift side of a `gsl_odeiv2_system`: the right-hand side and Jacobian closures, the
/// counters, the first error raised, and a component held constant (refractory clamp). GSL
/// reaches it through the system's `params` pointer without retain or release; the mutable
/// fields are unchecked for exclusivity (one solve, one thread).
public final class ODEFunctions {
    public let dimension: Int
    let rhs: ODERightHandSide
    let jacobianFunction: ODEJacobian?
    public var hasJacobian: Bool { jacobianFunction != nil }
    @exclusivity(unchecked) public var rhsEvaluations = 0
    @exclusivity(unchecked) public var jacobianEvaluations = 0
    /// Index of a component whose derivative (and Jacobian row) is forced to 0, or −1.
    @exclusivity(unchecked) public var clampedComponent = -1
    @exclusivity(unchecked) var pendingError: ODEFunctionError?

    public init(dimension: Int, rhs: @escaping ODERightHandSide, jacobian: ODEJacobian?) {
        self.dimension = dimension
        self.rhs = rhs
        jacobianFunction = jacobian
    }
}

private let badFunction = Int32(GSL_EBADFUNC)

/// Capture-free trampolines: no allocation, no array creation, no reference counting; a thrown
/// error or a non-finite derivative is stored and reported to GSL as GSL_EBADFUNC.
/// The right-hand side is a C-ABI function (no closure thunk); `params` is the solver's
/// `ODEFunctions`, which the solver keeps alive, reached without retain or release.
@_cdecl("synverify_rhs_trampoline")
func rhsTrampolineFunction(_ t: Double, _ y: UnsafePointer<Double>?, _ dydt: UnsafeMutablePointer<Double>?, _ params: UnsafeMutableRawPointer?) -> Int32 {
    Unmanaged<ODEFunctions>.fromOpaque(params.unsafelyUnwrapped)._withUnsafeGuaranteedRef { functions in
        functions.rhsEvaluations &+= 1
        let dydt = dydt.unsafelyUnwrapped
        do throws(ODEFunctionError) {
            try functions.rhs(t, y.unsafelyUnwrapped, dydt)
        } catch {
            return storeFailure(functions, error)
        }
        let clamped = functions.clampedComponent
        if clamped >= 0 { dydt[clamped] = 0 }
        // Branch-free finiteness test: a sum of finite numbers times 0 is 0, anything else NaN.
        let n = functions.dimension
        var probe = 0.0
        for i in 0..<n { probe += dydt[i] }
        return probe * 0 == 0 ? 0 : nonFinite(functions, dydt)
    }
}

/// The cold path of a non-finite derivative: names the component.
@inline(never)
private func nonFinite(_ functions: ODEFunctions, _ dydt: UnsafeMutablePointer<Double>) -> Int32 {
    for i in 0..<functions.dimension where !dydt[i].isFinite {
        return storeFailure(functions, ODEFunctionError("dy[\(i)]/dt = \(dydt[i]) is not finite"))
    }
    return 0
}

/// Keeps the first error of a solve; returns GSL_EBADFUNC. Out of line: the error path is cold.
@inline(never)
private func storeFailure(_ functions: ODEFunctions, _ error: ODEFunctionError) -> Int32 {
    if functions.pendingError == nil { functions.pendingError = error }
    return badFunction
}

private let rhsTrampoline: @convention(c) (Double, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutableRawPointer?) -> Int32 = rhsTrampolineFunction

private let jacobianTrampoline: @convention(c) (Double, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutableRawPointer?) -> Int32 = { t, y, dfdy, dfdt, params in
    Unmanaged<ODEFunctions>.fromOpaque(params.unsafelyUnwrapped)._withUnsafeGuaranteedRef { functions in
        functions.jacobianEvaluations &+= 1
        guard let jacobian = functions.jacobianFunction else {
            if functions.pendingError == nil { functions.pendingError = ODEFunctionError("no Jacobian") }
            return badFunction
        }
        let dfdy = dfdy.unsafelyUnwrapped, dfdt = dfdt.unsafelyUnwrapped
        do throws(ODEFunctionError) {
            try jacobian(t, y.unsafelyUnwrapped, dfdy, dfdt)
        } catch {
            if functions.pendingError == nil { functions.pendingError = error }
            return badFunction
        }
        let clamped = functions.clampedComponent
        if clamped >= 0 {
            let n = functions.dimension
            for j in 0..<n { dfdy[clamped * n + j] = 0 }
            dfdt[clamped] = 0
        }
        return 0
    }
}

/// One GSL `odeiv2` driver (stepper, control and evolve objects) over a Swift right-hand side.
///
/// Owns the heap-allocated `gsl_odeiv2_system`, which must outlive the driver (GSL keeps a pointer
/// to it), and frees both in `deinit`. Not thread-safe: one solver per thread.
/// GSL: `gsl_odeiv2_driver_alloc_*_new`, `gsl_odeiv2_evolve_apply`,
/// `gsl_odeiv2_evolve_apply_fixed_step`, `gsl_odeiv2_driver_reset`.
public final class GSLODESolver {
    public let stepper: Stepper
    public let dimension: Int
    let context: ODEFunctions
    let system: UnsafeMutablePointer<gsl_odeiv2_system>
    let driver: UnsafeMutablePointer<gsl_odeiv2_driver>
    /// Steps accepted and rejected before the last reset (GSL zeroes its counters on reset).
    var acceptedBeforeReset = 0
    var rejectedBeforeReset = 0

    /// - Parameters:
    ///   - initialStep: first trial step h (ms), > 0.
    /// - Throws: `ODESolverError.missingJacobian` for an implicit stepper without `jacobian`,
    ///   `.invalidOption` for a bad tolerance, scale or step, `.allocationFailed`.
    public convenience init(dimension: Int, stepper: Stepper, control: StepControl, initialStep: Double,
                            rhs: @escaping ODERightHandSide, jacobian: ODEJacobian?) throws(ODESolverError) {
        try self.init(functions: ODEFunctions(dimension: dimension, rhs: rhs, jacobian: jacobian),
                      stepper: stepper, control: control, initialStep: initialStep)
    }

    /// - Parameters:
    ///   - functions: the right-hand side (and Jacobian); kept alive by the solver.
    public init(functions: ODEFunctions, stepper: Stepper, control: StepControl, initialStep: Double) throws(ODESolverError) {
        _ = GSL.ready
        let dimension = functions.dimension
        guard dimension >= 1 else { throw .invalidOption(name: "dimension", value: Double(dimension), allowed: "≥ 1") }
        if stepper.requiresJacobian && !functions.hasJacobian { throw .missingJacobian(stepper: stepper.rawValue) }
        guard initialStep.isFinite, initialStep > 0 else {
            throw .invalidOption(name: "initial step", value: initialStep, allowed: "> 0 ms (finite)")
        }
        let (epsAbs, epsRel) = control.tolerances
        for (name, value) in [("eps_abs", epsAbs), ("eps_rel", epsRel)] where !(value.isFinite && value >= 0) {
            throw .invalidOption(name: name, value: value, allowed: "≥ 0 (finite)")
        }
        guard epsAbs > 0 || epsRel > 0 else {
            throw .invalidOption(name: "eps_abs", value: epsAbs, allowed: "> 0, or eps_rel > 0")
        }
        if case let .standard(_, _, aY, aDydt) = control {
            for (name, value) in [("a_y", aY), ("a_dydt", aDydt)] where !(value.isFinite && value >= 0) {
                throw .invalidOption(name: name, value: value, allowed: "≥ 0 (finite)")
            }
        }
        if case let .scaled(_, _, aY, aDydt, scale) = control {
            for (name, value) in [("a_y", aY), ("a_dydt", aDydt)] where !(value.isFinite && value >= 0) {
                throw .invalidOption(name: name, value: value, allowed: "≥ 0 (finite)")
            }
            guard scale.count == dimension else {
                throw .invalidOption(name: "scale_abs count", value: Double(scale.count), allowed: "= \(dimension) (one per state variable)")
            }
            for s in scale where !(s.isFinite && s >= 0) {
                throw .invalidOption(name: "scale_abs", value: s, allowed: "≥ 0 (finite)")
            }
        }
        let context = functions
        let system = UnsafeMutablePointer<gsl_odeiv2_system>.allocate(capacity: 1)
        system.initialize(to: gsl_odeiv2_system(
            function: rhsTrampoline,
            jacobian: jacobianTrampoline,
            dimension: dimension,
            params: Unmanaged.passUnretained(context).toOpaque()
        ))
        let allocated: UnsafeMutablePointer<gsl_odeiv2_driver>?
        switch control {
        case let .y(a, r):
            allocated = gsl_odeiv2_driver_alloc_y_new(system, stepper.type, initialStep, a, r)
        case let .yp(a, r):
            allocated = gsl_odeiv2_driver_alloc_yp_new(system, stepper.type, initialStep, a, r)
        case let .standard(a, r, ay, ad):
            allocated = gsl_odeiv2_driver_alloc_standard_new(system, stepper.type, initialStep, a, r, ay, ad)
        case let .scaled(a, r, ay, ad, scale):
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
    }

    deinit {
        gsl_odeiv2_driver_free(driver)
        system.deinitialize(count: 1)
        system.deallocate()
    }

    public var rhsEvaluations: Int { context.rhsEvaluations }
    public var jacobianEvaluations: Int { context.jacobianEvaluations }
    public var acceptedSteps: Int { acceptedBeforeReset + Int(driver.pointee.e.pointee.count) }
    public var rejectedSteps: Int { rejectedBeforeReset + Int(driver.pointee.e.pointee.failed_steps) }

    /// One adaptive step from `t` toward `limit` (never beyond it); updates t, h and y.
    /// GSL: `gsl_odeiv2_evolve_apply`.
    public func step(t: inout Double, limit: Double, h: inout Double, y: UnsafeMutablePointer<Double>) throws(ODESolverError) {
        let status = gsl_odeiv2_evolve_apply(driver.pointee.e, driver.pointee.c, driver.pointee.s, system, &t, limit, &h, y)
        try check(status, "gsl_odeiv2_evolve_apply", t: t, y: y)
    }

    /// One step of exactly `h` (no error control); updates t and y.
    /// GSL: `gsl_odeiv2_evolve_apply_fixed_step`.
    public func fixedStep(t: inout Double, h: Double, y: UnsafeMutablePointer<Double>) throws(ODESolverError) {
        let status = gsl_odeiv2_evolve_apply_fixed_step(driver.pointee.e, nil, driver.pointee.s, system, &t, h, y)
        try check(status, "gsl_odeiv2_evolve_apply_fixed_step", t: t, y: y)
    }

    /// Forgets the step history (after a discontinuity); counts are kept.
    /// GSL: `gsl_odeiv2_driver_reset`.
    public func reset() {
        acceptedBeforeReset += Int(driver.pointee.e.pointee.count)
        rejectedBeforeReset += Int(driver.pointee.e.pointee.failed_steps)
        _ = gsl_odeiv2_driver_reset(driver)
    }

    /// Evaluates the right-hand side once (counted), e.g. for dense output.
    public func derivatives(t: Double, y: UnsafePointer<Double>, into dydt: UnsafeMutablePointer<Double>) throws(ODESolverError) {
        let status = rhsTrampoline(t, y, dydt, system.pointee.params)
        if status != 0 {
            throw failure(status, "right-hand side", t: t, y: y)
        }
    }

    private func check(_ status: Int32, _ routine: String, t: Double, y: UnsafePointer<Double>) throws(ODESolverError) {
        if status == 0 { return }
        throw failure(status, routine, t: t, y: y)
    }

    private func failure(_ status: Int32, _ routine: String, t: Double, y: UnsafePointer<Double>) -> ODESolverError {
        let state = Array(UnsafeBufferPointer(start: y, count: dimension))
        if let error = context.pendingError {
            context.pendingError = nil
            return .function(error, time: t, state: state)
        }
        return .gsl(GSLError(code: status, routine: routine), time: t, state: state)
    }
}
