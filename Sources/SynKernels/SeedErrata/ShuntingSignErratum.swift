/// Known-wrong: the second seed's Exercise 5 writes the shunting LIF (E_i = u_rest = 0) as
///   τ_m·du/dt = R_m·g_i·u + R_m·g_e(E_e − u) − u,
/// with +g_i·u where the inhibitory current g_i(E_i − u) = −g_i·u requires a minus sign. Solved
/// from u(0) = 0: u(t) = (g_e·E_e/C)·t·φ(G·t/C), G = g_m + g_e − g_i, φ(y) = (1 − e^(−y))/y; the
/// "inhibition" raises u∞ = g_e·E_e/G and, for g_i > g_m + g_e, makes u diverge. The correct
/// form is `lif-coba` with E_i = u_rest. Units: C pF, conductances nS, potentials mV, t ms.
public struct ShuntingSignErratum: Kernel {
    let capacitance: Double
    let netConductance: Double
    let drive: Double

    public func value(at t: Double) -> Double {
        guard t > 0 else { return 0 }
        return (drive / capacitance) * t * StableMath.oneMinusExpOver(netConductance * t / capacitance)
    }

    public var peak: Peak? { nil }

    public static let parameters: [ParameterSpec] = [
        ParameterSpec("C", .capacitance, 200, .positive, "membrane capacitance"),
        ParameterSpec("g_l", .conductance, 10, .positive, "membrane conductance g_m = 1/R_m"),
        ParameterSpec("g_e", .conductance, 1, .nonNegative, "excitatory conductance"),
        ParameterSpec("E_e", .voltage, 65, .finite, "excitatory reversal, relative to rest (u_rest = 0)"),
        ParameterSpec("g_i", .conductance, 5, .nonNegative, "shunting conductance"),
    ]

    public static let entry = KernelEntry(
        name: "shunting-seed-sign",
        summary: "KNOWN WRONG: second seed Exercise 5 ODE with +R_m·g_i·u (inhibition as excitation)",
        formula: "C·du/dt = g_i·u + g_e(E_e − u) − g_m·u,  u(0) = 0",
        source: "second seed Exercise 5 (shunting inhibition ODE)",
        output: ("u", "mV"), parameters: parameters, acceptsSpikes: false,
        correctness: .knownWrong(
            reason: "sign of the g_i·u term reversed: the shunt raises u∞ and diverges for g_i > g_m + g_e",
            correctKernel: "lif-coba"),
        samplePoints: [0, 5, 20, 50, 100],
        construct: { p, _ in
            ShuntingSignErratum(
                capacitance: p["C"], netConductance: p["g_l"] + p["g_e"] - p["g_i"], drive: p["g_e"] * p["E_e"])
        }
    )
}
