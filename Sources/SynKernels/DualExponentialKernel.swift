#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Dual-exponential (difference of exponentials) kernels, stable for τ1 → τ2 and either order.
///
/// The shape D(t) = τ1τ2/(τ1 − τ2)·(e^(−t/τ1) − e^(−t/τ2)) is symmetric in τ1, τ2 and is
/// evaluated as t·e^(−t/τ_slow)·φ(t·|τ1 − τ2|/(τ1τ2)) with φ(u) = (1 − e^(−u))/u (`expm1`):
/// accurate to a few ulp as |τ1 − τ2|/τ → 0 and equal to t·e^(−t/τ) at τ1 = τ2 (the alpha limit).
///
/// - BrainPy form (first seed): s(t) = w·D(t) in ms, from ds/dt = x,
///   dx/dt = −(τ1 + τ2)/(τ1τ2)·x − s/(τ1τ2), x += w.
/// - Brian2 peak-normalised form (second seed, Exercises 2–3): dg/dt = (k·x − g)/τ1,
///   dx/dt = −x/τ2, x += w with k = (τ2/τ1)^(τ1/(τ2 − τ1)) gives g(t) = w·D(t)/D(t*): its peak
///   is exactly w, at t* = τ1τ2/(τ2 − τ1)·ln(τ2/τ1) (= τ at τ1 = τ2, via `log1p`).
///
/// Units: τ1, τ2 and t in ms; w in nS for the Brian2 form. Linear: trains superpose.
/// Reference: Sterratt et al. (2011) §7.2; Roth & van Rossum (2009) in Computational Modeling
/// Methods for Neuroscientists.
public struct DualExponentialKernel: SuperposedKernel {
    public enum Normalisation: String, Sendable {
        /// s = w·τ1τ2/(τ1 − τ2)·(e^(−t/τ1) − e^(−t/τ2)), in ms.
        case brainpy
        /// g = w·D(t)/D(t*), peak exactly w (nS).
        case peak
    }

    public let normalisation: Normalisation
    public let w: Double
    public let tau1: Double
    public let tau2: Double
    public let spikes: SpikeTrain

    public static let brainpyParameters: [ParameterSpec] = [
        ParameterSpec("w", .dimensionless, 1, .nonNegative, "increment of x per spike (BrainPy: 1)"),
        ParameterSpec("tau1", .time, 10, .positive, "first time constant (BrainPy tau_decay: 10 ms)"),
        ParameterSpec("tau2", .time, 1, .positive, "second time constant (BrainPy tau_rise: 1 ms)"),
    ]
    public static let peakParameters: [ParameterSpec] = [
        ParameterSpec("w", .conductance, 100, .nonNegative, "peak conductance = increment of x per spike"),
        ParameterSpec("tau1", .time, 8, .positive, "rise time constant of g (Exercise 3: 8 ms)"),
        ParameterSpec("tau2", .time, 60, .positive, "decay time constant of x (Exercise 3: 60 ms)"),
    ]

    /// - Throws: `InputError` when w < 0, τ1 or τ2 ≤ 0, or a value is not finite.
    public init(normalisation: Normalisation, w: Double, tau1: Double, tau2: Double, spikes: [Double] = [0])
        throws(InputError)
    {
        let specs = normalisation == .brainpy ? Self.brainpyParameters : Self.peakParameters
        let name = normalisation == .brainpy ? "dualexp-brainpy" : "dualexp-peak"
        let p = try ParameterValues(specs: specs, overrides: [("w", w), ("tau1", tau1), ("tau2", tau2)], kernel: name)
        self.init(normalisation, p, try SpikeTrain(spikes))
    }

    init(_ normalisation: Normalisation, _ p: ParameterValues, _ spikes: SpikeTrain) {
        self.normalisation = normalisation
        w = p["w"]
        tau1 = p["tau1"]
        tau2 = p["tau2"]
        self.spikes = spikes
        peakTime = Self.peakTime(tau1, tau2)
        shapeAtPeak = Self.shape(peakTime, tau1, tau2)
    }

    /// Time of the maximum of D after a spike, τ1τ2/(τ1 − τ2)·ln(τ1/τ2) in ms, written as
    /// τ_slow·log1p(r)/r with r = (τ_slow − τ_fast)/τ_fast (→ τ as τ1 → τ2).
    public static func peakTime(_ tau1: Double, _ tau2: Double) -> Double {
        let slow = max(tau1, tau2)
        let fast = min(tau1, tau2)
        return slow * StableMath.log1pOver((slow - fast) / fast)
    }

    /// D(t) = τ1τ2/(τ1 − τ2)·(e^(−t/τ1) − e^(−t/τ2)) in ms, for t ≥ 0, without cancellation.
    public static func shape(_ t: Double, _ tau1: Double, _ tau2: Double) -> Double {
        StableMath.expDifferenceQuotient(1 / tau1, 1 / tau2, t)
    }

    let peakTime: Double
    let shapeAtPeak: Double

    public func response(after s: Double) -> Double {
        // The rates 1/τ1 and 1/τ2 differ by |τ1 − τ2|/(τ1τ2), which the quotient uses via expm1.
        let d = Self.shape(s, tau1, tau2)
        switch normalisation {
        case .brainpy: return w * d
        case .peak: return w * (d / shapeAtPeak)
        }
    }

    public var responsePeak: Peak? {
        switch normalisation {
        case .brainpy: Peak(time: peakTime, value: w * shapeAtPeak)
        case .peak: Peak(time: peakTime, value: w)
        }
    }

    public var derived: [DerivedQuantity] {
        guard normalisation == .peak else { return [] }
        // k = (τ2/τ1)^(τ1/(τ2 − τ1)) = exp(log1p(r)/r), r = (τ2 − τ1)/τ1 (→ e as τ1 → τ2).
        let k = exp(StableMath.log1pOver((tau2 - tau1) / tau1))
        return [DerivedQuantity("k", k, "1")]
    }

    public static let brainpyEntry = KernelEntry(
        name: "dualexp-brainpy",
        summary: "BrainPy difference of exponentials τ1τ2/(τ1−τ2)·(e^(−t/τ1) − e^(−t/τ2)), in ms",
        formula: "s(t) = w · τ1τ2/(τ1 − τ2) · (exp(−(t − t_s)/τ1) − exp(−(t − t_s)/τ2))",
        source: "first seed §2.1.1 (1) Differences of two exponentials; second seed Eq. (6) sign corrected",
        output: ("s", "ms"), parameters: brainpyParameters, acceptsSpikes: true,
        samplePoints: [0, 0.5, 1, 2.558427881104, 5, 10, 30, 100],
        construct: { p, s in DualExponentialKernel(.brainpy, p, s) }
    )

    public static let peakEntry = KernelEntry(
        name: "dualexp-peak",
        summary: "Brian2 peak-normalised dual exponential: peak exactly w at τ1τ2/(τ2−τ1)·ln(τ2/τ1)",
        formula: "g(t) = w · k·τ2/(τ2 − τ1) · (exp(−(t − t_s)/τ2) − exp(−(t − t_s)/τ1)),  k = (τ2/τ1)^(τ1/(τ2 − τ1))",
        source: "second seed Exercises 2–3 (Brian2 dual exponential, corrected peak claim)",
        output: ("g", "nS"), parameters: peakParameters, acceptsSpikes: true,
        samplePoints: [0, 5, 10, 18.6, 25, 50, 100, 300],
        construct: { p, s in DualExponentialKernel(.peak, p, s) }
    )
}
