#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Alpha-function conductance in the normalisations found in the seeds.
///
/// - textbook: g(t) = g̅·(t/τ)·e^(−t/τ), peak g̅/e at t = τ (second seed Eq. (5), sign corrected).
/// - Brian2 two-variable form: dg/dt = (x − g)/τ, dx/dt = −x/τ, x += w, which integrates to
///   g(t) = w·(t/τ)·e^(−t/τ): the same shape with g̅ = w, peak w/e at τ (x itself peaks at w at t = 0).
/// - BrainPy form: ds/dt = x, dx/dt = −2x/τ − s/τ², x += 1, which integrates to
///   s(t) = t·e^(−t/τ) (in ms), peak τ/e at τ — not the (t/τ)e^(−t/τ) printed beside it in the first seed.
///
/// Units: t, τ in ms; g̅, w in nS. Linear: trains superpose.
/// Reference: Rall (1967); Sterratt et al. (2011) §7.2.
public struct AlphaKernel: SuperposedKernel {
    /// Which seed's scaling the kernel uses.
    public enum Normalisation: String, Sendable {
        case textbook
        case brian2
        case brainpy
    }

    public let normalisation: Normalisation
    /// Amplitude factor: g̅ (textbook), w (Brian2) or 1 (BrainPy, output in ms).
    public let amplitude: Double
    public let tau: Double
    public let spikes: SpikeTrain

    public static let textbookParameters: [ParameterSpec] = [
        ParameterSpec(
            "g_bar", .conductance, 18, .nonNegative, "amplitude factor; peak is g̅/e (Exercise 1 GABA_A: 18 nS)"),
        ParameterSpec("tau", .time, 1, .positive, "time constant = time to peak (Exercise 1 GABA_A: 1 ms)"),
    ]
    public static let brian2Parameters: [ParameterSpec] = [
        ParameterSpec("w", .conductance, 1, .nonNegative, "increment of x per spike (on_pre: x += w)"),
        ParameterSpec("tau", .time, 5, .positive, "time constant of g and x"),
    ]
    public static let brainpyParameters: [ParameterSpec] = [
        ParameterSpec("tau", .time, 2, .positive, "time constant (tau = tau1 = tau2 of the dual exponential)")
    ]

    /// - Throws: `InputError` when the amplitude < 0, τ ≤ 0 or a value is not finite.
    public init(normalisation: Normalisation, amplitude: Double = 1, tau: Double, spikes: [Double] = [0])
        throws(InputError)
    {
        let name: String
        let specs: [ParameterSpec]
        var overrides: [(name: String, value: Double)] = [("tau", tau)]
        switch normalisation {
        case .textbook:
            name = "alpha"
            specs = Self.textbookParameters
            overrides.append(("g_bar", amplitude))
        case .brian2:
            name = "alpha-brian2"
            specs = Self.brian2Parameters
            overrides.append(("w", amplitude))
        case .brainpy:
            name = "alpha-brainpy"
            specs = Self.brainpyParameters
        }
        let p = try ParameterValues(specs: specs, overrides: overrides, kernel: name)
        self.init(normalisation, p, try SpikeTrain(spikes))
    }

    init(_ normalisation: Normalisation, _ p: ParameterValues, _ spikes: SpikeTrain) {
        self.normalisation = normalisation
        switch normalisation {
        case .textbook: amplitude = p["g_bar"]
        case .brian2: amplitude = p["w"]
        case .brainpy: amplitude = 1
        }
        tau = p["tau"]
        self.spikes = spikes
    }

    public func response(after s: Double) -> Double {
        switch normalisation {
        case .textbook, .brian2: amplitude * (s / tau) * exp(-s / tau)
        case .brainpy: s * exp(-s / tau)
        }
    }

    public var responsePeak: Peak? {
        let e = exp(1.0)
        switch normalisation {
        case .textbook, .brian2: return Peak(time: tau, value: amplitude / e)
        case .brainpy: return Peak(time: tau, value: tau / e)
        }
    }

    public static let entry = KernelEntry(
        name: "alpha",
        summary: "alpha conductance g̅·(t/τ)·e^(−t/τ), peak g̅/e at τ",
        formula: "g(t) = g̅ · ((t − t_s)/τ) · exp(−(t − t_s)/τ)",
        source: "second seed Eq. (5) (sign corrected); Exercise 1 GABA_A",
        output: ("g", "nS"), parameters: textbookParameters, acceptsSpikes: true,
        samplePoints: [0, 0.25, 0.5, 1, 2, 3, 5, 10],
        construct: { p, s in AlphaKernel(.textbook, p, s) }
    )

    public static let brian2Entry = KernelEntry(
        name: "alpha-brian2",
        summary: "Brian2 two-variable alpha: dg/dt = (x − g)/τ, dx/dt = −x/τ, x += w",
        formula: "g(t) = w · ((t − t_s)/τ) · exp(−(t − t_s)/τ)",
        source: "second seed Exercise 2 solution (corrected ODE and peak claim)",
        output: ("g", "nS"), parameters: brian2Parameters, acceptsSpikes: true,
        samplePoints: [0, 1, 2.5, 5, 10, 15, 25, 50],
        construct: { p, s in AlphaKernel(.brian2, p, s) }
    )

    public static let brainpyEntry = KernelEntry(
        name: "alpha-brainpy",
        summary: "BrainPy alpha: ds/dt = x, dx/dt = −2x/τ − s/τ², x += 1; s = t·e^(−t/τ) in ms",
        formula: "s(t) = (t − t_s) · exp(−(t − t_s)/τ)",
        source: "first seed §2.1.1 Alpha synapse (ODE form; the printed closed form lacks the factor τ)",
        output: ("s", "ms"), parameters: brainpyParameters, acceptsSpikes: true,
        samplePoints: [0, 0.5, 1, 2, 4, 6, 10, 20],
        construct: { p, s in AlphaKernel(.brainpy, p, s) }
    )
}
