#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Voltage-dependent Mg²⁺ block of the NMDA channel, as the unblocked fraction B(V) ∈ (0, 1).
///
/// - BrainPy form (first seed): B(V) = 1/(1 + e^(−α·V)·c_Mg/β), α = 0.062 /mV, β = 3.57 mM,
///   c_Mg = 1.2 mM.
/// - Brian2 form (second seed, Exercise 3): B(u) = 1/(1 + [Mg]/(3.57 mM)·e^(−u/16.3 mV)), [Mg] = 1 mM.
///
/// Both are a logistic function 1/(1 + e^z), z = −V/V_s + ln(c/K); evaluated without overflow for
/// any finite V. Monotone increasing in V: no peak. Units: V in mV.
/// Reference: Jahr & Stevens (1990) J. Neurosci. 10:3178.
public struct MagnesiumBlock: Kernel {
    /// Slope factor 1/V_s in 1/mV.
    public let slope: Double
    /// Mg²⁺ concentration over the dissociation constant, c/K (dimensionless).
    public let concentrationRatio: Double

    public init(slope: Double, concentrationRatio: Double) {
        self.slope = slope
        self.concentrationRatio = concentrationRatio
    }

    /// B(V) for a membrane potential V in mV.
    public func value(at v: Double) -> Double {
        let z = -slope * v + log(concentrationRatio)
        if z > 0 {
            let e = exp(-z)
            return e / (1 + e)
        }
        return 1 / (1 + exp(z))
    }

    public var peak: Peak? { nil }

    public static let brainpyParameters: [ParameterSpec] = [
        ParameterSpec("alpha", .perVoltage, 0.062, .positive, "voltage slope of the block"),
        ParameterSpec("beta", .concentration, 3.57, .positive, "Mg²⁺ dissociation constant"),
        ParameterSpec("cc_Mg", .concentration, 1.2, .nonNegative, "extracellular Mg²⁺ concentration"),
    ]
    public static let brian2Parameters: [ParameterSpec] = [
        ParameterSpec("Mg", .concentration, 1, .nonNegative, "extracellular Mg²⁺ concentration (Exercise 3: 1 mM)"),
        ParameterSpec("K_Mg", .concentration, 3.57, .positive, "Mg²⁺ dissociation constant (3.57 mM)"),
        ParameterSpec("V_s", .voltage, 16.3, .positive, "voltage scale of the block (16.3 mV)"),
    ]

    public static let brainpyEntry = KernelEntry(
        name: "mg-block",
        summary: "NMDA Mg²⁺ block, BrainPy form 1/(1 + e^(−αV)·c_Mg/β); abscissa V (mV)",
        formula: "B(V) = 1 / (1 + exp(−α·V) · c_Mg/β)",
        source: "first seed §2.1.1 NMDA Synapse (g∞); BrainPy NMDA defaults",
        abscissa: .voltage, output: ("B", "1"), parameters: brainpyParameters, acceptsSpikes: false,
        samplePoints: [-100, -80, -65, -50, -20, 0, 20, 50],
        construct: { p, _ in MagnesiumBlock(slope: p["alpha"], concentrationRatio: p["cc_Mg"] / p["beta"]) }
    )

    public static let brian2Entry = KernelEntry(
        name: "mg-block-brian2",
        summary: "NMDA Mg²⁺ block, Brian2 form 1/(1 + [Mg]/3.57 mM·e^(−u/16.3 mV)); abscissa V (mV)",
        formula: "B(u) = 1 / (1 + [Mg]/K_Mg · exp(−u/V_s))",
        source: "second seed Exercise 3, Eq. (7) and the Brian2 solution",
        abscissa: .voltage, output: ("B", "1"), parameters: brian2Parameters, acceptsSpikes: false,
        samplePoints: [-100, -80, -65, -50, -20, 0, 20, 50],
        construct: { p, _ in MagnesiumBlock(slope: 1 / p["V_s"], concentrationRatio: p["Mg"] / p["K_Mg"]) }
    )
}
