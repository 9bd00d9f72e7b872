/// GABA_A receptor gating: the same two-state kinetics as AMPA (`PulsedMarkovKinetics`) with
/// BrainPy's GABA_A defaults α = 0.53 /(mM·ms), β = 0.18 /ms, T = 1 mM, T_dur = 1 ms.
/// Reference: first seed §2.1.1 (GABA_A); Destexhe et al. (1994).
public enum GABAAKernel {
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("alpha", .perConcentrationPerTime, 0.53, .positive, "binding rate"),
        ParameterSpec("beta", .perTime, 0.18, .positive, "unbinding rate"),
        ParameterSpec("T", .concentration, 1, .nonNegative, "transmitter concentration during a pulse"),
        ParameterSpec("T_dur", .time, 1, .positive, "pulse duration"),
    ]

    public static let entry = KernelEntry(
        name: "gabaa",
        summary: "GABA_A Markov kinetics ds/dt = α[T](1−s) − βs with square transmitter pulses",
        formula: "during a pulse: s = s₀ + (s∞ − s₀)(1 − e^(−(αT+β)τ)), s∞ = αT/(αT+β); after: s = s₁·e^(−βτ)",
        source: "first seed §2.1.1 GABA_A (BrainPy defaults)",
        output: ("s", "1"), parameters: parameters, acceptsSpikes: true,
        samplePoints: [0, 0.5, 1, 2, 5, 10, 20, 50],
        construct: { p, s in MarkovReceptorKernel(p, s) }
    )
}
