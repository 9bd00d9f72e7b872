#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Firing rate of a LIF neuron (conductance-based, constant shunting conductance g at reversal E)
/// under a constant current I, with threshold u_th, reset u_reset and refractory time t_ref:
///   r(I) = 1/(t_ref + τ′·ln((u∞ − u_reset)/(u∞ − u_th)))  for u∞ > u_th,  0 otherwise,
/// u∞ = (g_l·u_rest + g·E + I)/(g_l + g), τ′ = C/(g_l + g). The logarithm is evaluated as
/// log1p((u_th − u_reset)/(u∞ − u_th)) with u∞ − u_th = (I − I_rh)/(g_l + g) and the rheobase
/// I_rh = (g_l + g)·u_th − g_l·u_rest − g·E, so the rate is accurate right down to rheobase.
/// Abscissa: I in pA; output in Hz. Monotone in I: no peak. Defaults: second seed Exercise 6d.
/// Reference: Dayan & Abbott (2001) Eq. (5.11); second seed Exercise 6.
public struct LIFRateKernel: Kernel {
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("C", .capacitance, 1500, .positive, "membrane capacitance (Exercise 6: 1500 pF)"),
        ParameterSpec("g_l", .conductance, 10, .positive, "leak conductance (Exercise 6: 10 nS)"),
        ParameterSpec("u_rest", .voltage, -60, .finite, "leak reversal potential (Exercise 6: −60 mV)"),
        ParameterSpec("u_th", .voltage, -50, .finite, "firing threshold (Exercise 6: −50 mV)"),
        ParameterSpec("u_reset", .voltage, -60, .finite, "reset potential, < u_th (Exercise 6: u_rest)"),
        ParameterSpec("t_ref", .time, 0, .nonNegative, "absolute refractory time"),
        ParameterSpec("g", .conductance, 10, .nonNegative, "constant shunting conductance g_i (Exercise 6: 10–60 nS)"),
        ParameterSpec("E", .voltage, -70, .finite, "its reversal potential E_i (Exercise 6: −70 mV)"),
    ]

    public let capacitance: Double
    public let leak: Double
    public let rest: Double
    public let threshold: Double
    public let reset: Double
    public let refractory: Double
    public let shunt: Double
    public let shuntReversal: Double

    public init(overrides: [(name: String, value: Double)] = []) throws(InputError) {
        try self.init(ParameterValues(specs: Self.parameters, overrides: overrides, kernel: "lif-rate"))
    }

    init(_ p: ParameterValues) throws(InputError) {
        capacitance = p["C"]
        leak = p["g_l"]
        rest = p["u_rest"]
        threshold = p["u_th"]
        reset = p["u_reset"]
        refractory = p["t_ref"]
        shunt = p["g"]
        shuntReversal = p["E"]
        guard reset < threshold else {
            throw .parameterOutOfRange(name: "u_reset", value: reset, unit: "mV", allowed: "< u_th (\(threshold) mV)")
        }
    }

    /// G = g_l + g (nS).
    public var totalConductance: Double { leak + shunt }
    /// τ′ = C/(g_l + g) (ms).
    public var effectiveTau: Double { capacitance / totalConductance }
    /// I_rh = (g_l + g)·u_th − g_l·u_rest − g·E (pA): the smallest current that fires.
    public var rheobase: Double { totalConductance * threshold - leak * rest - shunt * shuntReversal }

    /// Interspike interval (ms) at current I (pA); +∞ at or below rheobase.
    public func interspikeInterval(current: Double) -> Double {
        let excess = current - rheobase
        guard excess > 0 else { return .infinity }
        let aboveThreshold = excess / totalConductance  // u∞ − u_th, mV
        return refractory + effectiveTau * log1p((threshold - reset) / aboveThreshold)
    }

    /// Rate in Hz at current I in pA.
    public func value(at current: Double) -> Double {
        let isi = interspikeInterval(current: current)
        return isi.isFinite ? 1000 / isi : 0
    }

    public var peak: Peak? { nil }

    public var derived: [DerivedQuantity] {
        [DerivedQuantity("rheobase", rheobase, "pA"), DerivedQuantity("tau_prime", effectiveTau, "ms")]
    }

    public static let entry = KernelEntry(
        name: "lif-rate",
        summary: "LIF firing rate under constant current and shunting conductance; abscissa I (pA)",
        formula:
            "r = 1/(t_ref + τ′·ln((u∞ − u_reset)/(u∞ − u_th))) for u∞ > u_th, else 0; "
            + " u∞ = (g_l·u_rest + g·E + I)/(g_l + g)",
        source: "second seed Exercise 6 (f–I curve under shunting inhibition)",
        abscissa: .current, output: ("r", "Hz"), parameters: parameters, acceptsSpikes: false,
        samplePoints: [0, 100, 200, 300, 500, 1000, 1500],
        construct: { p, _ throws(InputError) in try LIFRateKernel(p) }
    )
}
