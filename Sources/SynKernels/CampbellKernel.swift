#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Campbell's theorem for a Poisson spike train of rate ν driving an exponential synapse
/// g += w, dg/dt = −g/τ, started empty at t = 0:
///   E[g(t)] = ν·w·τ·(1 − e^(−t/τ)),   Var[g(t)] = ν·w²·τ/2·(1 − e^(−2t/τ)),
/// tending to νwτ and νw²τ/2. Units: ν in Hz (converted to 1/ms), w in nS, τ in ms; the mean in
/// nS and the variance in nS². Monotone: no peak.
/// Reference: Campbell (1909); Papoulis, Probability, Random Variables and Stochastic Processes §10;
/// second seed Exercise 6e (Poisson-driven conductances).
public struct CampbellKernel: Kernel {
    public enum Moment: String, Sendable {
        case mean
        case variance
    }

    public static let parameters: [ParameterSpec] = [
        ParameterSpec("nu", .frequency, 1000, .nonNegative, "Poisson rate (Exercise 6e: 1000–4500 Hz)"),
        ParameterSpec("w", .conductance, 0.01, .finite, "conductance jump per spike (Exercise 6e: 0.01 nS)"),
        ParameterSpec("tau", .time, 5, .positive, "decay time constant (Exercise 6e: 5 ms)"),
    ]

    public let moment: Moment
    public let rate: Double
    public let w: Double
    public let tau: Double

    init(_ moment: Moment, _ p: ParameterValues) {
        self.moment = moment
        rate = p["nu"] / 1000
        w = p["w"]
        tau = p["tau"]
    }

    /// Stationary mean νwτ (nS).
    public var stationaryMean: Double { rate * w * tau }
    /// Stationary variance νw²τ/2 (nS²).
    public var stationaryVariance: Double { rate * w * w * tau / 2 }

    public func value(at t: Double) -> Double {
        guard t > 0 else { return 0 }
        switch moment {
        case .mean: return stationaryMean * -expm1(-t / tau)
        case .variance: return stationaryVariance * -expm1(-2 * t / tau)
        }
    }

    public var peak: Peak? { nil }

    public var derived: [DerivedQuantity] {
        [DerivedQuantity("mean_inf", stationaryMean, "nS"), DerivedQuantity("variance_inf", stationaryVariance, "nS²")]
    }

    public static let entry = KernelEntry(
        name: "campbell",
        summary: "mean conductance of a Poisson-driven exponential synapse (Campbell's theorem)",
        formula: "E[g(t)] = ν·w·τ·(1 − e^(−t/τ))",
        source: "second seed Exercise 6e (Poisson input); Campbell's theorem",
        output: ("mean_g", "nS"), parameters: parameters, acceptsSpikes: false,
        samplePoints: [0, 1, 5, 10, 25, 50],
        construct: { p, _ in CampbellKernel(.mean, p) }
    )

    public static let varianceEntry = KernelEntry(
        name: "campbell-variance",
        summary: "variance of a Poisson-driven exponential synaptic conductance (Campbell's theorem)",
        formula: "Var[g(t)] = ν·w²·τ/2·(1 − e^(−2t/τ))",
        source: "second seed Exercise 6e (Poisson input); Campbell's theorem",
        output: ("var_g", "nS²"), parameters: parameters, acceptsSpikes: false,
        samplePoints: [0, 1, 5, 10, 25, 50],
        construct: { p, _ in CampbellKernel(.variance, p) }
    )
}
