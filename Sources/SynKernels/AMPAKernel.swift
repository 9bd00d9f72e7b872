/// AMPA receptor gating: two-state Markov kinetics with a square transmitter pulse per spike,
/// ds/dt = α[T](1 − s) − β·s (see `PulsedMarkovKinetics` for the exact solution and the
/// overlap rule). Defaults are BrainPy's AMPA: α = 0.98 /(mM·ms), β = 0.18 /ms, T = 0.5 mM,
/// T_dur = 0.5 ms. Peak: s∞·(1 − e^(−(αT+β)·T_dur)) at the end of the pulse.
/// Reference: first seed §2.1.1 AMPA Synapse; Destexhe et al. (1994).
public enum AMPAKernel {
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("alpha", .perConcentrationPerTime, 0.98, .positive, "binding rate"),
        ParameterSpec("beta", .perTime, 0.18, .positive, "unbinding rate"),
        ParameterSpec("T", .concentration, 0.5, .nonNegative, "transmitter concentration during a pulse"),
        ParameterSpec("T_dur", .time, 0.5, .positive, "pulse duration"),
    ]

    public static let entry = KernelEntry(
        name: "ampa",
        summary: "AMPA Markov kinetics ds/dt = α[T](1−s) − βs with square transmitter pulses",
        formula: "during a pulse: s = s₀ + (s∞ − s₀)(1 − e^(−(αT+β)τ)), s∞ = αT/(αT+β); after: s = s₁·e^(−βτ)",
        source: "first seed §2.1.1 AMPA Synapse (BrainPy defaults)",
        output: ("s", "1"), parameters: parameters, acceptsSpikes: true,
        samplePoints: [0, 0.25, 0.5, 1, 2, 5, 10, 20],
        construct: { p, s in MarkovReceptorKernel(p, s) }
    )
}
