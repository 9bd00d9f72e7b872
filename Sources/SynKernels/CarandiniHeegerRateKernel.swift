/// Carandini–Heeger rate model on the steady-state potential of a shunted cell:
///   r = m·max(0, u∞ − u_rest)²,  u∞ = (g_l·u_rest + g·E + I)/(g_l + g).
/// With u_rest = E = 0 and an excitatory drive g_e·E_e in place of I this is the second seed's
/// Eq. (14), r = [g_e·E_e/g_i]² for g_i ≫ g_l. Abscissa: I in pA; output Hz; m in Hz/mV².
/// Monotone in I above rest: no peak.
/// Reference: Carandini & Heeger (1994) Science 264:1333; second seed Exercise 6.
public struct CarandiniHeegerRateKernel: Kernel {
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("m", .ratePerVoltageSquared, 1, .nonNegative, "gain"),
        ParameterSpec("g_l", .conductance, 10, .positive, "leak conductance"),
        ParameterSpec("u_rest", .voltage, -60, .finite, "resting potential"),
        ParameterSpec("g", .conductance, 10, .nonNegative, "shunting conductance"),
        ParameterSpec("E", .voltage, -60, .finite, "its reversal potential (shunting: = u_rest)"),
    ]

    public let gain: Double
    public let leak: Double
    public let rest: Double
    public let shunt: Double
    public let shuntReversal: Double

    init(_ p: ParameterValues) {
        gain = p["m"]
        leak = p["g_l"]
        rest = p["u_rest"]
        shunt = p["g"]
        shuntReversal = p["E"]
    }

    public func value(at current: Double) -> Double {
        // u∞ − u_rest = (g·(E − u_rest) + I)/(g_l + g), without forming u∞ first.
        let depolarisation = (shunt * (shuntReversal - rest) + current) / (leak + shunt)
        let d = max(0, depolarisation)
        return gain * d * d
    }

    public var peak: Peak? { nil }

    public static let entry = KernelEntry(
        name: "rate-ch",
        summary: "Carandini–Heeger rate m·max(0, u∞ − u_rest)² under shunting; abscissa I (pA)",
        formula: "r = m · max(0, u∞ − u_rest)²,  u∞ = (g_l·u_rest + g·E + I)/(g_l + g)",
        source: "second seed Exercise 6, Eq. (14)",
        abscissa: .current, output: ("r", "Hz"), parameters: parameters, acceptsSpikes: false,
        samplePoints: [-100, 0, 50, 100, 200, 500],
        construct: { p, _ in CarandiniHeegerRateKernel(p) }
    )
}
