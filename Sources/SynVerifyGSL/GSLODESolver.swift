import CGSL

/// Right-hand side f(t, y) → dy/dt: reads `dimension` values at `y`, writes as many at `dydt`.
/// It must not allocate; it may throw to stop the solve.
public typealias ODERightHandSide = (_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>) throws(ODEFunctionError) -> Void

/// Jacobian: writes ∂f_i/∂y_j row-major into `dfdy` (dimension²) and ∂f_i/∂t into `dfdt`.
public typealias ODEJacobian = (_ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>, _ dfdt: UnsafeMutablePointer<Double>) throws(ODEFunctionError) -> Void

/// The Swift side of a `gsl_odeiv2_system`: the callbacks, their counters and the first error
/// they raised. GSL reaches it through the system's `params` pointer.
final class ODECallbackContext {
    let dimension: Int
    let rhs: ODERightHandSide
    let jacobian: ODEJacobian?
    var rhsEvaluations = 0
    var jacobianEvaluations = 0
    var pendingError: ODEFunctionError?

    init(dimension: Int, rhs: @escaping ODERightHandSide, jacobian: ODEJacobian?) {
        self.dimension = dimension
        self.rhs = rhs
        self.jacobian = jacobian
    }
}

private let badFunction = Int32(GSL_EBADFUNC)

/// Capture-free trampolines: no allocation, no array creation; a thrown error or a non-finite
/// derivative is stored and reported to GSL as GSL_EBADFUNC.
private let rhsTrampoline: @convention(c) (Double, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutableRawPointer?) -> Int32 = { t, y, dydt, params in
    let context = Unmanaged<ODECallbackContext>.fromOpaque(params!).takeUnretainedValue()
    context.rhsEvaluations &+= 1
    do throws(ODEFunctionError) {
        try context.rhs(t, y!, dydt!)
    } catch {
        if context.pendingError == nil { context.pendingError = error }
        return badFunction
    }
    for i in 0..<context.dimension where !dydt![i].isFinite {
        if context.pendingError == nil { context.pendingError = ODEFunctionError("dy[\(i)]/dt = \(dydt![i]) is not finite") }
        return badFunction
    }
    return 0
}

private let jacobianTrampoline: @convention(c) (Double, UnsafePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, UnsafeMutableRawPointer?) -> Int32 = { t, y, dfdy, dfdt, params in
    let context = Unmanaged<ODECallbackContext>.fromOpaque(params!).takeUnretainedValue()
    context.jacobianEvaluations &+= 1
    guard let jacobian = context.jacobian else {
        if context.pendingError == nil { context.pendingError = ODEFunctionError("no Jacobian") }
        return badFunction
    }
    do throws(ODEFunctionError) {
        try jacobian(t, y!, dfdy!, dfdt!)
    } catch {
        if context.pendingError == nil { context.pendingError = error }
        return badFunction
    }
    return 0
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
    let context: ODECallbackContext
    let system: UnsafeMutablePointer<gsl_odeiv2_system>
    let driver: UnsafeMutablePointer<gsl_odeiv2_driver>
    /// Steps accepted and rejected before the last reset (GSL zeroes its counters on reset).
    var acceptedBeforeReset = 0
    var rejectedBeforeReset = 0

    /// - Parameters:
    ///   - initialStep: first trial step h (ms), > 0.
    /// - Throws: `ODESolverError.missingJacobian` for an implicit stepper without `jacobian`,
    ///   `.invalidOption` for a bad tolerance, scale or step, `.allocationFailed`.
    public init(dimension: Int, stepper: Stepper, control: StepControl, initialStep: Double,
                rhs: @escaping ODERightHandSide, jacobian: ODEJacobian?) throws(ODESolverError) {
        _ = GSL.ready
        guard dimension >= 1 else { throw .invalidOption(name: "dimension", value: Double(dimension), allowed: "≥ 1") }
        if stepper.requiresJacobian && jacobian == nil { throw .missingJacobian(stepper: stepper.rawValue) }
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
        let context = ODECallbackContext(dimension: dimension, rhs: rhs, jacobian: jacobian)
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
