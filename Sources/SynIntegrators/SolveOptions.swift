import SynVerifyGSL

/// Which GSL error control the adaptive mode uses (GSL manual, "Adaptive Step-size Control").
public enum ControlKind: String, CaseIterable, Sendable {
    /// `y_new`: D = eps_abs + eps_rel·|y|.
    case y
    /// `yp_new`: D = eps_abs + eps_rel·h·|y′|.
    case yp
    /// `standard_new`: D = eps_abs + eps_rel·(a_y·|y| + a_dydt·h·|y′|).
    case standard
    /// `scaled_new`: D = eps_abs·s_i + eps_rel·(a_y·|y| + a_dydt·h·|y′|), one s_i per variable.
    case scaled
}

/// Everything a solve needs besides the model; all solver defaults live here. Times in ms.
public struct SolveOptions: Sendable, Equatable {
    public var method: IntegrationMethod = .gsl(.rk8pd)
    public var control: ControlKind = .y
    public var epsAbs: Double = 1e-10
    public var epsRel: Double = 1e-10
    public var aY: Double = 1
    public var aDydt: Double = 0
    /// Per-variable absolute scales for `control = .scaled`; nil means all 1.
    public var scaleAbs: [Double]?
    /// First trial step of the adaptive mode (ms).
    public var initialStep: Double = 1e-3
    /// Smallest adaptive step allowed before the solve fails (ms); 0 = no limit.
    public var minimumStep: Double = 0
    /// Largest adaptive step (ms).
    public var maximumStep: Double = .infinity
    /// Step budget (accepted and rejected), after which the solve fails.
    public var maximumSteps: Int = 10_000_000
    /// Fixed step (ms): required for simulator methods; for a GSL stepper it selects fixed-step
    /// mode (`gsl_odeiv2_evolve_apply_fixed_step`) instead of adaptive control.
    public var fixedStep: Double?
    /// Simulator methods: locate threshold crossings by linear interpolation inside the step
    /// (and restart from the crossing) instead of at the end of the step.
    public var thresholdInterpolation: Bool = false
    /// `exact`: locate threshold crossings exactly inside the step (Brent's method on the exact
    /// propagation from the step's start, to round-off) and restart from the crossing, as NEST's
    /// precise-spike-timing neurons do; implies `thresholdInterpolation`'s restart.
    public var preciseThreshold: Bool = false
    public var startTime: Double = 0
    public var endTime: Double = 100
    /// Times (ms) at which the state is reported, within [startTime, endTime].
    public var outputTimes: [Double] = []

    public init() {}

    /// Throws `ODESolverError.invalidOption` naming the first bad option.
    public func validate(dimension: Int) throws(ODESolverError) {
        // `allowed` is built only on failure: formatting numbers costs more than the checks.
        func require(_ ok: Bool, _ name: String, _ value: Double, _ allowed: @autoclosure () -> String)
            throws(ODESolverError)
        {
            if !ok { throw .invalidOption(name: name, value: value, allowed: allowed()) }
        }
        try require(epsAbs.isFinite && epsAbs >= 0, "eps_abs", epsAbs, "≥ 0 (finite)")
        try require(epsRel.isFinite && epsRel >= 0, "eps_rel", epsRel, "≥ 0 (finite)")
        try require(epsAbs > 0 || epsRel > 0, "eps_abs", epsAbs, "> 0 when eps_rel = 0")
        try require(aY.isFinite && aY >= 0, "a_y", aY, "≥ 0 (finite)")
        try require(aDydt.isFinite && aDydt >= 0, "a_dydt", aDydt, "≥ 0 (finite)")
        try require(initialStep.isFinite && initialStep > 0, "h_init", initialStep, "> 0 ms (finite)")
        try require(minimumStep.isFinite && minimumStep >= 0, "h_min", minimumStep, "≥ 0 ms (finite)")
        try require(maximumStep > 0 && !maximumStep.isNaN, "h_max", maximumStep, "> 0 ms")
        try require(minimumStep < maximumStep, "h_min", minimumStep, "< h_max (\(maximumStep) ms)")
        try require(maximumSteps >= 1, "max_steps", Double(maximumSteps), "≥ 1")
        try require(startTime.isFinite, "t_start", startTime, "finite")
        try require(endTime.isFinite && endTime > startTime, "t_end", endTime, "> t_start (\(startTime) ms), finite")
        if let fixedStep {
            try require(fixedStep.isFinite && fixedStep > 0, "dt", fixedStep, "> 0 ms (finite)")
            // A step longer than the span would leave no grid point inside it to judge.
            try require(
                fixedStep <= endTime - startTime, "dt", fixedStep, "≤ t_end − t_start = \(endTime - startTime) ms")
            let steps = (endTime - startTime) / fixedStep
            try require(
                steps <= Double(maximumSteps), "dt", fixedStep,
                "≥ (t_end − t_start)/max_steps = \((endTime - startTime) / Double(maximumSteps)) ms")
        } else if case .simulator = method {
            throw .invalidOption(
                name: "dt", value: .nan, allowed: "a fixed step > 0 ms is required by simulator methods")
        }
        if preciseThreshold && method != .simulator(.exact) {
            throw .unsupportedMethod(
                method: method.description,
                reason: "precise threshold crossings need exact propagation (--method exact); "
                    + "other fixed-step methods interpolate (--threshold linear), GSL steppers locate them always")
        }
        if let scaleAbs {
            try require(scaleAbs.count == dimension, "scale_abs count", Double(scaleAbs.count), "= \(dimension)")
            for s in scaleAbs { try require(s.isFinite && s >= 0, "scale_abs", s, "≥ 0 (finite)") }
        }
        for t in outputTimes {
            try require(
                t.isFinite && t >= startTime && t <= endTime, "output time", t, "within [\(startTime), \(endTime)] ms")
        }
    }

    var stepControl: StepControl {
        switch control {
        case .y: .y(epsAbs: epsAbs, epsRel: epsRel)
        case .yp: .yp(epsAbs: epsAbs, epsRel: epsRel)
        case .standard: .standard(epsAbs: epsAbs, epsRel: epsRel, aY: aY, aDydt: aDydt)
        case .scaled: .scaled(epsAbs: epsAbs, epsRel: epsRel, aY: aY, aDydt: aDydt, scaleAbs: scaleAbs ?? [])
        }
    }
}
