/// The bounds a comparison is judged against, stated in every result.
///
/// - Adaptive GSL solves: the trajectory error may not exceed the accumulation bound N·D, N the
///   accepted steps and D = eps_abs + eps_rel·|y| the per-step target of y-control (errors of a
///   non-amplifying system add at most linearly); the peak time may be off by at most
///   `peakTimePerTolerance`·max(eps_abs, eps_rel) ms.
/// - Fixed-step solves: the largest relative error may not exceed `fixedStepRelativeError`, the
///   peak time may be off by at most one step.
/// - Peak values and firing rates: relative bounds.
public struct VerificationBounds: Sendable, Equatable {
    public var fixedStepRelativeError = 1e-2
    public var peakTimePerTolerance = 1e4
    public var peakValueRelative = 1e-3
    public var rateRelative = 1e-3
    /// Relative errors are taken against max(|exact|, floor) with floor = this × max|exact|.
    public var relativeFloor = 1e-9

    public init() {}
}
