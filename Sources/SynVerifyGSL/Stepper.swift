import CGSL

/// GSL's eleven `gsl_odeiv2` steppers, by their GSL names.
///
/// Each knows its nominal order and whether it needs the Jacobian (GSL manual, "Ordinary
/// Differential Equations: Stepping Functions"). The multistep methods vary their order: their
/// `nominalOrder` is the highest they use.
public enum Stepper: String, CaseIterable, Sendable {
    case rk2, rk4, rkf45, rkck, rk8pd
    case rk1imp, rk2imp, rk4imp, bsimp
    case msadams, msbdf

    /// Order of the solution the stepper propagates (global error ∝ h^order on a smooth
    /// nonlinear problem; linear problems may show more).
    ///
    /// `rk2` is 3, not the 2 that `gsl_odeiv2_step_order` reports: GSL's rk2 advances with
    /// Kutta's third-order formula y += h(k1 + 4k2 + k3)/6 (Abramowitz & Stegun 25.5.8) and keeps
    /// the second-order midpoint value only for its error estimate (GSL ode-initval2/rk2.c).
    public var nominalOrder: Int {
        switch self {
        case .rk2: 3
        case .rk4: 4
        case .rkf45: 5
        case .rkck: 5
        case .rk8pd: 8
        case .rk1imp: 1
        case .rk2imp: 2
        case .rk4imp: 4
        case .bsimp: 6
        case .msadams: 12
        case .msbdf: 5
        }
    }

    /// Implicit steppers need ∂f/∂y (and ∂f/∂t): GSL calls the Jacobian for them.
    public var requiresJacobian: Bool {
        switch self {
        case .rk1imp, .rk2imp, .rk4imp, .bsimp, .msbdf: true
        default: false
        }
    }

    /// Multistep methods keep a history that must be reset after a discontinuity.
    public var isMultistep: Bool { self == .msadams || self == .msbdf }

    /// The order GSL itself reports (`gsl_odeiv2_step_order`), used by its step-size control.
    public var gslReportedOrder: Int { self == .rk2 ? 2 : nominalOrder }

    /// Whether the method is explicit (no linear solves).
    public var isExplicit: Bool { !requiresJacobian && self != .msadams }

    var type: UnsafePointer<gsl_odeiv2_step_type> {
        switch self {
        case .rk2: cgsl_step_rk2()
        case .rk4: cgsl_step_rk4()
        case .rkf45: cgsl_step_rkf45()
        case .rkck: cgsl_step_rkck()
        case .rk8pd: cgsl_step_rk8pd()
        case .rk1imp: cgsl_step_rk1imp()
        case .rk2imp: cgsl_step_rk2imp()
        case .rk4imp: cgsl_step_rk4imp()
        case .bsimp: cgsl_step_bsimp()
        case .msadams: cgsl_step_msadams()
        case .msbdf: cgsl_step_msbdf()
        }
    }
}

/// Step-size control for the adaptive mode (GSL manual, "Adaptive Step-size Control").
///
/// The error target per component is D_i = eps_abs·s_i + eps_rel·(a_y·|y_i| + a_dydt·h·|y′_i|),
/// with s_i = 1 except for `scaled`.
public enum StepControl: Sendable, Equatable {
    /// `gsl_odeiv2_control_y_new`: a_y = 1, a_dydt = 0.
    case y(epsAbs: Double, epsRel: Double)
    /// `gsl_odeiv2_control_yp_new`: a_y = 0, a_dydt = 1.
    case yp(epsAbs: Double, epsRel: Double)
    /// `gsl_odeiv2_control_standard_new`.
    case standard(epsAbs: Double, epsRel: Double, aY: Double, aDydt: Double)
    /// `gsl_odeiv2_control_scaled_new`, with one absolute scale per component.
    case scaled(epsAbs: Double, epsRel: Double, aY: Double, aDydt: Double, scaleAbs: [Double])

    public var tolerances: (epsAbs: Double, epsRel: Double) {
        switch self {
        case .y(let a, let r), .yp(let a, let r), .standard(let a, let r, _, _), .scaled(let a, let r, _, _, _): (a, r)
        }
    }
}
