#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Known-wrong: the second seed's Exercise 2 writes the alpha ODE as dg/dt = (g − x)/τ,
/// dx/dt = −x/τ. With x(0) = w, g(0) = 0 that integrates to g(t) = (w/2)(e^(−t/τ) − e^(t/τ))
/// = −w·sinh(t/τ): negative and diverging. The correct system dg/dt = (x − g)/τ gives
/// w·(t/τ)·e^(−t/τ) (`alpha-brian2`). Units: w nS, τ ms. No peak.
public struct WrongAlphaODEErratum: SuperposedKernel {
    public let w: Double
    public let tau: Double
    public let spikes: SpikeTrain

    init(_ p: ParameterValues, _ spikes: SpikeTrain) {
        w = p["w"]
        tau = p["tau"]
        self.spikes = spikes
    }

    public func response(after s: Double) -> Double { -w * sinh(s / tau) }
    public var responsePeak: Peak? { nil }

    public static let entry = KernelEntry(
        name: "alpha-seed-ode",
        summary: "KNOWN WRONG: second seed Exercise 2 ODE dg/dt = (g − x)/τ, solved: −w·sinh(t/τ)",
        formula: "g(t) = −w · sinh((t − t_s)/τ)  (solution of dg/dt = (g − x)/τ, dx/dt = −x/τ, x(0) = w)",
        source: "second seed Exercise 2 (the ODE before the solution)",
        output: ("g", "nS"), parameters: AlphaKernel.brian2Parameters, acceptsSpikes: true,
        correctness: .knownWrong(
            reason: "sign of (g − x) reversed: g goes negative and diverges as −w·sinh(t/τ)",
            correctKernel: "alpha-brian2"),
        samplePoints: [0, 1, 5, 10, 25],
        construct: { p, s in WrongAlphaODEErratum(p, s) }
    )
}
