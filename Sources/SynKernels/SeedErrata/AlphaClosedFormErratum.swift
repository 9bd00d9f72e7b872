#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Known-wrong pairing: the first seed prints s = ((t − t_s)/τ)·e^(−(t − t_s)/τ) as the solution
/// of BrainPy's alpha ODE (ds/dt = x, dx/dt = −2x/τ − s/τ², x += 1), which integrates to
/// s = (t − t_s)·e^(−(t − t_s)/τ): the printed form is off by the factor τ (right only at τ = 1 ms).
/// Values: the printed form, dimensionless. Peak as printed: 1/e at τ.
public struct AlphaClosedFormErratum: SuperposedKernel {
    public let tau: Double
    public let spikes: SpikeTrain

    public func response(after s: Double) -> Double { (s / tau) * exp(-s / tau) }
    public var responsePeak: Peak? { Peak(time: tau, value: exp(-1.0)) }

    public static let entry = KernelEntry(
        name: "alpha-brainpy-seed-closed-form",
        summary: "KNOWN WRONG pairing: (t/τ)e^(−t/τ) printed as the solution of BrainPy's alpha ODE",
        formula: "s(t) = ((t − t_s)/τ) · exp(−(t − t_s)/τ)  (the ODE gives (t − t_s)·exp(−(t − t_s)/τ))",
        source: "first seed §2.1.1 (2) Alpha synapse",
        output: ("s", "1"), parameters: AlphaKernel.brainpyParameters, acceptsSpikes: true,
        correctness: .knownWrong(
            reason: "off by the factor τ from the solution of the ODE printed with it (peak τ/e, not 1/e)",
            correctKernel: "alpha-brainpy"),
        samplePoints: [0, 1, 2, 4, 10],
        construct: { p, s in AlphaClosedFormErratum(tau: p["tau"], spikes: s) }
    )
}
