/// The bounds a comparison is judged against, stated in every result.
///
/// - Adaptive GSL solves: the trajectory error may not exceed the accumulation bound N·D, N the
///   accepted steps and D = eps_abs + eps_rel·|y| the per-step target of y-control (errors of a
///   non-amplifying system add at most linearly).
/// - Fixed-step solves: the largest error, relative to the largest |exact| value, may not exceed
///   `fixedStepRelativeError` (a pointwise relative error is reported too, but near zero it
///   measures the floor, not the method).
/// - Peaks: the time may be off by the larger of `peakTimePerTolerance`·max(eps_abs, eps_rel)
///   (adaptive) or one step (fixed), and `peakTimePerError`·√(2δ/|y″(t*)|), δ the trajectory's
///   largest error: values uncertain by δ locate a maximum only to within that (flat peaks are
///   loosely located). The value may be off by the larger of `peakValueRelative` and the
///   normalised trajectory error. A wrong claim lies far outside both.
/// - Firing rates: a relative bound.
/// - Traces from outside: no gap between samples longer than `traceGapPerTimeScale` times the
///   model's shortest time scale (1/ρ of its Jacobian along the solution): 0.5 judges every
///   0.1 ms recording (Brian2's default step) of a model whose fastest time constant is 0.2 ms or
///   more, and refuses a trace that skips half a time constant.
public struct VerificationBounds: Sendable, Equatable {
    public var fixedStepRelativeError = 1e-2
    public var peakTimePerTolerance = 1e4
    public var peakTimePerError = 3.0
    public var peakValueRelative = 1e-3
    public var rateRelative = 1e-3
    public var traceGapPerTimeScale = 0.5
    /// Relative errors are taken against max(|exact|, floor) with floor = this × max|exact|.
    public var relativeFloor = 1e-9

    public init() {}
}
