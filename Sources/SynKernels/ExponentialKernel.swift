#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Single-exponential synaptic conductance: g(t) = g̅·e^(−(t − t_s)/τ) for t ≥ t_s.
///
/// ODE form: dg/dt = −g/τ, g += g̅ at each spike (Brian2 `dg/dt = -g/tau`, `on_pre: g += w`;
/// BrainPy "single exponential decay"). Units: g̅ in nS, τ in ms, g in nS. Linear: a train is the
/// sum of responses. Peak: g̅ at the spike itself (right-continuous jump).
/// Reference: Sterratt et al. (2011) §7.2; second seed, Eq. (4) with the sign corrected.
public struct ExponentialKernel: SuperposedKernel {
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("g_bar", .conductance, 5, .nonNegative, "conductance jump per spike (Exercise 1 AMPA: 5 nS)"),
        ParameterSpec("tau", .time, 2, .positive, "decay time constant (Exercise 1 AMPA: 2 ms)"),
    ]

    public let gBar: Double
    public let tau: Double
    public let spikes: SpikeTrain

    /// - Throws: `InputError` when g̅ < 0 or τ ≤ 0 or a value is not finite.
    public init(gBar: Double = 5, tau: Double = 2, spikes: [Double] = [0]) throws(InputError) {
        let p = try ParameterValues(specs: Self.parameters, overrides: [("g_bar", gBar), ("tau", tau)], kernel: "exp")
        self.init(p, try SpikeTrain(spikes))
    }

    init(_ p: ParameterValues, _ spikes: SpikeTrain) {
        gBar = p["g_bar"]
        tau = p["tau"]
        self.spikes = spikes
    }

    public func response(after s: Double) -> Double { gBar * exp(-s / tau) }

    public var responsePeak: Peak? { Peak(time: 0, value: gBar) }

    public static let entry = KernelEntry(
        name: "exp",
        summary: "single exponential conductance g̅·e^(−t/τ)",
        formula: "g(t) = g̅ · exp(−(t − t_s)/τ)",
        source: "second seed Eq. (4) (sign corrected); BrainPy single exponential; Brian2 dg/dt = −g/τ",
        output: ("g", "nS"), parameters: parameters, acceptsSpikes: true,
        samplePoints: [0, 0.5, 1, 2, 4, 10, 20, 100],
        construct: { p, s in ExponentialKernel(p, s) }
    )
}
