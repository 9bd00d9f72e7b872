import SynIntegrators
import SynKernels
import SynModels
import SynVerifyGSL

/// How a model without a closed form was given a reference, and how well the checks agree.
public struct ReferenceInfo: Sendable, Equatable {
    public let strategy: String
    /// The independent cross-check: bsimp at 1e-13 where the model has a Jacobian, rkck otherwise.
    public let crossCheck: String
    /// Largest |difference| on the grid between the reference and the cross-check.
    public let crossCheckAgreement: Double
    /// Largest |difference| between rk8pd at 1e-12 and at 1e-13 (Richardson-style estimate of
    /// the reference's own error).
    public let selfConvergence: Double
    /// The largest disagreement of reference and cross-check over every variable, relative to
    /// max(1, the variable's largest |value|): above `ReferenceSolution.agreementBound` the
    /// reference is not trusted and the row fails naming both.
    public let crossCheckRelative: Double

    /// Why the reference cannot be trusted, or nil.
    public var disagreement: String? {
        guard !(crossCheckRelative <= ReferenceSolution.agreementBound) else { return nil }
        return "the numeric reference (\(strategy)) and its cross-check (\(crossCheck)) disagree by "
            + "\(Verifier.format(crossCheckRelative)) of the largest value (bound "
            + "\(Verifier.format(ReferenceSolution.agreementBound)))"
    }
}

/// A model whose "exact" values are a reference solve on the comparison grid: rk8pd with
/// eps_abs = eps_rel = 1e-13, every variable. A threshold model's reference spike times are its
/// expected spikes (unless the spec states its own) and it has no peak: a membrane's largest
/// value before a reset says nothing its spike times do not say better.
struct ReferencedModel: ForwardingModel {
    let base: any VerifiableModel
    let times: [Double]
    /// Per variable, the reference value at each grid time.
    let values: [[Double]]
    let peak: Peak?
    /// The reference's spike times and the tolerance they are held to (ms), for threshold models.
    let spikes: (times: [Double], tolerance: Double)?

    var wrapped: any ODEModel { base }

    /// The reference values at a grid time; between grid times a quadratic through the three
    /// nearest (used only to estimate the curvature at a peak, never for error metrics, which are
    /// taken on the grid).
    func exactState(at t: Double) -> [Double?] {
        var low = 0
        var high = times.count
        while low < high {
            let mid = (low + high) / 2
            if times[mid] < t { low = mid + 1 } else { high = mid }
        }
        return values.map { values -> Double? in
            if low < times.count && times[low] == t { return values[low] }
            guard times.count >= 3 else { return nil }
            let i = min(max(low - 1, 1), times.count - 2)
            let (t0, t1, t2) = (times[i - 1], times[i], times[i + 1])
            let (y0, y1, y2) = (values[i - 1], values[i], values[i + 1])
            return y0 * (t - t1) * (t - t2) / ((t0 - t1) * (t0 - t2))
                + y1 * (t - t0) * (t - t2) / ((t1 - t0) * (t1 - t2))
                + y2 * (t - t0) * (t - t1) / ((t2 - t0) * (t2 - t1))
        }
    }
    var analyticPeak: Peak? { peak }
    var knownWrong: KnownWrongClaim? { base.knownWrong }
    var analyticRate: Double? { base.analyticRate }
    var expectedSpikes: (times: [Double], tolerance: Double)? { base.expectedSpikes ?? spikes }
    var statedErrorBounds: [Int: ErrorBound] { base.statedErrorBounds }
}

enum ReferenceSolution {
    static func options(_ base: SolveOptions, _ method: Stepper, _ eps: Double, grid: [Double]) -> SolveOptions {
        var o = SolveOptions()
        o.method = .gsl(method)
        o.epsAbs = eps
        o.epsRel = eps
        o.startTime = base.startTime
        o.endTime = base.endTime
        o.outputTimes = grid
        return o
    }

    /// How far reference and cross-check may disagree (relative to max(1, largest |value|)): both
    /// run at 1e-13, so a real reference agrees to about 1e-10 or better; 1e-7 leaves room for
    /// threshold models' located spikes and still lies far below any bound a row is held to.
    public static let agreementBound = 1e-7

    /// Builds the reference on `grid` and its cross-checks. A threshold model's spikes are held
    /// to the tolerance a peak time is (`VerificationBounds`): one step of a fixed-step method,
    /// `peakTimePerTolerance`·max(eps_abs, eps_rel) of an adaptive one. A row of rk8pd itself is
    /// held to the cross-check's stepper instead, as its own stepper could not fail against it.
    static func build(
        _ model: any VerifiableModel, grid: [Double], options base: SolveOptions, bounds: VerificationBounds
    ) throws(ODESolverError) -> (model: ReferencedModel, info: ReferenceInfo) {
        let independent: Stepper = model.hasJacobian ? .bsimp : .rkck
        let (primary, crossStepper) = base.method == .gsl(.rk8pd) ? (independent, Stepper.rk8pd) : (.rk8pd, independent)
        let referenceOptions = options(base, primary, 1e-13, grid: grid)
        let reference = try Integrator.solve(model, options: referenceOptions)
        let cross = try Integrator.solve(model, options: options(base, crossStepper, 1e-13, grid: grid))
        let coarser = try Integrator.solve(model, options: options(base, primary, 1e-12, grid: grid))
        // In the first variable's unit, as the report states it.
        func largestDifference(_ a: Solution, _ b: Solution) -> Double {
            zip(a.values[0], b.values[0]).map { abs($0 - $1) }.max() ?? 0
        }
        var peak: Peak?
        var spikes: (times: [Double], tolerance: Double)?
        if model.threshold != nil {
            let tolerance = base.fixedStep ?? bounds.peakTimePerTolerance * max(base.epsAbs, base.epsRel)
            spikes = (reference.spikes, tolerance)
        } else if let k = reference.values[0].indices.max(by: { reference.values[0][$0] < reference.values[0][$1] }) {
            peak = try Verifier.locatePeak(
                model, options: referenceOptions, solution: reference, near: reference.times[k])
        }
        let referenced = ReferencedModel(
            base: model, times: reference.times, values: reference.values, peak: peak, spikes: spikes)
        let relative =
            reference.values.indices.map { i in
                let scale = max(1, reference.values[i].map(abs).max() ?? 0)
                return zip(reference.values[i], cross.values[i]).map { abs($0 - $1) }.max().map { $0 / scale } ?? 0
            }.max() ?? 0
        let info = ReferenceInfo(
            strategy: "\(primary.rawValue), eps_abs = eps_rel = 1e-13",
            crossCheck: "\(crossStepper.rawValue), eps 1e-13",
            crossCheckAgreement: largestDifference(reference, cross),
            selfConvergence: largestDifference(reference, coarser), crossCheckRelative: relative)
        return (referenced, info)
    }
}
