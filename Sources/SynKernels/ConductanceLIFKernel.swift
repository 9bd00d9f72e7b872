#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Subthreshold conductance-based LIF with constant conductances and current:
///   C·du/dt = g_l(u_rest − u) + g(E − u) + g_i(E_i − u) + I.
///
/// Solution u(t) = u₀ + (u∞ − u₀)(1 − e^(−t/τ′)) with
///   u∞ = (g_l·u_rest + g·E + g_i·E_i + I)/G_in,  G_in = g_l + g + g_i,  τ′ = C/G_in.
/// The synaptic conductance both drives (toward E) and shortens τ′ (saturation, Exercise 4);
/// an inhibitory conductance with E_i = u_rest only divides (shunting, Exercise 5).
/// Monotone: no peak. Units: C pF, conductances nS, potentials mV, I pA, t ms.
/// Reference: second seed Exercises 4–5 (Eqs. (9)–(13)); Dayan & Abbott (2001) §5.4.
public struct ConductanceLIFKernel: Kernel {
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("C", .capacitance, 200, .positive, "membrane capacitance (Exercise 1: 200 pF)"),
        ParameterSpec("g_l", .conductance, 10, .positive, "leak conductance g_m = 1/R_m (Exercise 1: 10 nS)"),
        ParameterSpec("u_rest", .voltage, -65, .finite, "leak reversal potential (Exercise 1: −65 mV)"),
        ParameterSpec("g", .conductance, 5, .nonNegative, "constant synaptic conductance"),
        ParameterSpec("E", .voltage, 0, .finite, "its reversal potential (AMPA: 0 mV)"),
        ParameterSpec("g_i", .conductance, 0, .nonNegative, "constant second (inhibitory/shunting) conductance"),
        ParameterSpec("E_i", .voltage, -65, .finite, "its reversal potential (shunting: = u_rest)"),
        ParameterSpec("I", .current, 0, .finite, "injected current"),
        ParameterSpec("u0", .voltage, -65, .finite, "potential at t = 0"),
    ]

    public let capacitance: Double
    public let leak: Double
    public let rest: Double
    public let conductance: Double
    public let reversal: Double
    public let inhibitory: Double
    public let inhibitoryReversal: Double
    public let current: Double
    public let initial: Double

    public init(overrides: [(name: String, value: Double)] = []) throws(InputError) {
        self.init(try ParameterValues(specs: Self.parameters, overrides: overrides, kernel: "lif-coba"))
    }

    init(_ p: ParameterValues) {
        capacitance = p["C"]
        leak = p["g_l"]
        rest = p["u_rest"]
        conductance = p["g"]
        reversal = p["E"]
        inhibitory = p["g_i"]
        inhibitoryReversal = p["E_i"]
        current = p["I"]
        initial = p["u0"]
    }

    /// Input conductance G_in = g_l + g + g_i (nS).
    public var inputConductance: Double { leak + conductance + inhibitory }
    /// Effective time constant τ′ = C/G_in (ms).
    public var effectiveTau: Double { capacitance / inputConductance }
    /// Steady state u∞ (mV).
    public var steadyState: Double {
        (leak * rest + conductance * reversal + inhibitory * inhibitoryReversal + current) / inputConductance
    }

    public func value(at t: Double) -> Double {
        guard t > 0 else { return initial }
        return initial + (steadyState - initial) * -expm1(-t / effectiveTau)
    }

    public var peak: Peak? { nil }

    public var derived: [DerivedQuantity] {
        [
            DerivedQuantity("u_inf", steadyState, "mV"),
            DerivedQuantity("tau_prime", effectiveTau, "ms"),
            DerivedQuantity("G_in", inputConductance, "nS"),
            DerivedQuantity("tau_m", capacitance / leak, "ms"),
        ]
    }

    public static let entry = KernelEntry(
        name: "lif-coba",
        summary: "conductance-based LIF below threshold with constant g, g_i, I: relaxation to u∞ with τ′",
        formula:
            "u(t) = u₀ + (u∞ − u₀)(1 − e^(−t/τ′)),  u∞ = (g_l·u_rest + g·E + g_i·E_i + I)/G_in, "
            + " τ′ = C/G_in, "
            + " G_in = g_l + g + g_i",
        source: "second seed Exercises 4–5, Eqs. (9)–(13)",
        output: ("u", "mV"), parameters: parameters, acceptsSpikes: false,
        samplePoints: [0, 1, 5, 13.333333333333334, 20, 50, 100],
        construct: { p, _ in ConductanceLIFKernel(p) }
    )
}
