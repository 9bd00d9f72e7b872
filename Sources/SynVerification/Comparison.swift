import SynIntegrators
import SynKernels
import SynModels
import SynVerifyGSL

/// Errors of a trajectory against the closed form of its first variable, on the grid.
public struct TrajectoryMetrics: Sendable, Equatable {
    public var points = 0
    public var maxAbsError = 0.0
    public var maxRelError = 0.0
    public var rmsError = 0.0
    public var finalError = 0.0
    /// Largest error in tolerance units |e|/(eps_abs + eps_rel·|y|) (adaptive solves only).
    public var maxToleranceUnits: Double?
    /// The absolute floor under relative errors (see `VerificationBounds.relativeFloor`).
    public var relativeFloor = 0.0
    public var largestExact = 0.0
    public var largestNumeric = 0.0
    /// Grid points where the closed form or the numeric value is not finite (NaN or ±∞), and
    /// the first time (ms) of one: each is a failure, never left out of a maximum.
    public var nonFinitePoints = 0
    public var firstNonFiniteTime: Double?
}

public struct PeakComparison: Sendable, Equatable {
    public let analyticTime: Double
    public let analyticValue: Double
    public let numericTime: Double
    public let numericValue: Double
}

public struct RateComparison: Sendable, Equatable {
    /// Hz.
    public let analytic: Double
    public let numeric: Double
    public let spikes: Int
}

/// Spike times against those a spec expects (ms).
public struct SpikeTimeComparison: Sendable, Equatable {
    public let expected: [Double]
    public let numeric: [Double]
    public let tolerance: Double
    /// Per spike, a larger allowance (ms) where the solver's accumulated error bound moves the
    /// crossing further than `tolerance` (adaptive rows against a reference's spikes); empty: none.
    public var allowances: [Double] = []

    public init(expected: [Double], numeric: [Double], tolerance: Double, allowances: [Double] = []) {
        self.expected = expected
        self.numeric = numeric
        self.tolerance = tolerance
        self.allowances = allowances
    }

    /// How far spike k may be off (ms).
    public func allowed(_ k: Int) -> Double { max(tolerance, k < allowances.count ? allowances[k] : 0) }

    /// The first pair further apart than it may be, with its error and allowance; nil when none
    /// (or the counts differ).
    public var violation: (index: Int, error: Double, allowed: Double)? {
        guard numeric.count == expected.count else { return nil }
        for (k, (n, e)) in zip(numeric, expected).enumerated() where !(abs(n - e) <= allowed(k)) {
            return (k, abs(n - e), allowed(k))
        }
        return nil
    }

    /// The pair (index into both lists, in order) furthest apart and its |numeric − expected|
    /// (ms); nil when the counts differ.
    public var worst: (index: Int, error: Double)? {
        guard numeric.count == expected.count else { return nil }
        var worst = (index: 0, error: 0.0)
        for (k, (n, e)) in zip(numeric, expected).enumerated() where abs(n - e) > worst.error {
            worst = (k, abs(n - e))
        }
        return worst
    }

    public var worstError: Double? { worst?.error }
}

public enum Verdict: String, Sendable {
    case pass, fail
}

/// The result of `synverify compare`: metrics, peak, rate, work and the verdict with reasons.
public struct Comparison: Sendable {
    public let model: String
    public let method: IntegrationMethod
    public let options: SolveOptions
    public let metrics: TrajectoryMetrics?
    public let peak: PeakComparison?
    public let rate: RateComparison?
    public let work: WorkCounters?
    public let verdict: Verdict
    public let reasons: [String]
    public let bounds: VerificationBounds
    public let knownWrong: KnownWrongClaim?
    /// For models without a closed form: the reference used and how well it was cross-checked.
    public let reference: ReferenceInfo?
    /// The first variable on the comparison grid, numeric and exact; nil when the solve failed.
    public var trace: Trace? = nil
    /// The numeric spike times of a threshold model, and their comparison with stated ones.
    public var spikes: [Double]? = nil
    public var spikeTimes: SpikeTimeComparison? = nil
    /// The bounds the user stated, in words (`v: |error| ≤ 0.0001 mV`); empty when the default
    /// bounds apply.
    public var statedBounds: [String] = []
    /// Every variable with a closed form, the first included, with its errors on the grid.
    public var variableMetrics: [(variable: StateVariable, metrics: TrajectoryMetrics)] = []

    /// The one rule for what counts as success: a correct model holds when it is verified
    /// (`pass`), a known-wrong variant when the verifier catches it (`fail`).
    public var holds: Bool { knownWrong == nil ? verdict == .pass : verdict == .fail }
}

/// The first state variable on the comparison grid (ms): the numeric values and the closed form
/// (or the reference solution) at the same times, in the variable's unit.
public struct Trace: Sendable, Equatable {
    public let variable: StateVariable
    public let times: [Double]
    public let numeric: [Double]
    public let exact: [Double]
}
