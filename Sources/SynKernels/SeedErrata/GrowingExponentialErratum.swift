#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Known-wrong: the second seed's Eqs. (4)–(6) drop the minus sign of every exponent, so the
/// printed single exponential, alpha and dual exponential grow as e^(+t/τ) instead of decaying.
/// Kept so that verification can show them failing; the correct forms are `exp`, `alpha` and
/// `dualexp-brainpy`. Units as in the correct kernels. No peak (they grow without bound).
public struct GrowingExponentialErratum: SuperposedKernel {
    public enum Printed: String, Sendable {
        /// Eq. (4): g̅·e^(+t/τ).
        case exponential
        /// Eq. (5): g̅·(t/τ)·e^(+t/τ).
        case alpha
        /// Eq. (6): g̅·τ1τ2/(τ1 − τ2)·(e^(+t/τ1) − e^(+t/τ2)).
        case dualExponential
    }

    public let printed: Printed
    public let gBar: Double
    public let tau1: Double
    public let tau2: Double
    public let spikes: SpikeTrain

    init(_ printed: Printed, _ p: ParameterValues, _ spikes: SpikeTrain) {
        self.printed = printed
        gBar = p["g_bar"]
        switch printed {
        case .exponential, .alpha:
            tau1 = p["tau"]
            tau2 = p["tau"]
        case .dualExponential:
            tau1 = p["tau1"]
            tau2 = p["tau2"]
        }
        self.spikes = spikes
    }

    public func response(after s: Double) -> Double {
        switch printed {
        case .exponential: return gBar * exp(s / tau1)
        case .alpha: return gBar * (s / tau1) * exp(s / tau1)
        case .dualExponential:
            return gBar * tau1 * tau2 / (tau1 - tau2) * (exp(s / tau1) - exp(s / tau2))
        }
    }

    public var responsePeak: Peak? { nil }

    static let singleParameters: [ParameterSpec] = [
        ParameterSpec("g_bar", .conductance, 1, .nonNegative, "amplitude"),
        ParameterSpec("tau", .time, 5, .positive, "time constant"),
    ]

    public static let exponentialEntry = KernelEntry(
        name: "exp-seed-sign",
        summary: "KNOWN WRONG: second seed Eq. (4) as printed, g̅·e^(+t/τ)",
        formula: "g(t) = g̅ · exp(+(t − t_s)/τ)",
        source: "second seed Eq. (4)",
        output: ("g", "nS"), parameters: singleParameters, acceptsSpikes: true,
        correctness: .knownWrong(
            reason: "missing minus sign in the exponent: grows as e^(t/τ) instead of decaying", correctKernel: "exp"),
        samplePoints: [0, 1, 5, 10, 25],
        construct: { p, s in GrowingExponentialErratum(.exponential, p, s) }
    )

    public static let alphaEntry = KernelEntry(
        name: "alpha-seed-sign",
        summary: "KNOWN WRONG: second seed Eq. (5) as printed, g̅·(t/τ)·e^(+t/τ)",
        formula: "g(t) = g̅ · ((t − t_s)/τ) · exp(+(t − t_s)/τ)",
        source: "second seed Eq. (5)",
        output: ("g", "nS"), parameters: singleParameters, acceptsSpikes: true,
        correctness: .knownWrong(
            reason: "missing minus sign in the exponent: no peak, grows as t·e^(t/τ)", correctKernel: "alpha"),
        samplePoints: [0, 1, 5, 10, 25],
        construct: { p, s in GrowingExponentialErratum(.alpha, p, s) }
    )

    public static let dualExponentialEntry = KernelEntry(
        name: "dualexp-seed-sign",
        summary: "KNOWN WRONG: second seed Eq. (6) as printed, exponents without their minus signs",
        formula: "g(t) = g̅ · τ1τ2/(τ1 − τ2) · (exp(+(t − t_s)/τ1) − exp(+(t − t_s)/τ2))",
        source: "second seed Eq. (6)",
        output: ("g", "nS·ms"),
        parameters: [
            ParameterSpec("g_bar", .conductance, 1, .nonNegative, "amplitude"),
            ParameterSpec("tau1", .time, 10, .positive, "first time constant"),
            ParameterSpec("tau2", .time, 1, .positive, "second time constant, ≠ tau1"),
        ], acceptsSpikes: true,
        correctness: .knownWrong(
            reason:
                "missing minus signs in both exponents: the difference of growing exponentials changes sign and "
                + "diverges",
            correctKernel: "dualexp-brainpy"),
        samplePoints: [0, 0.5, 1, 2, 5],
        construct: { p, s throws(InputError) in
            guard p["tau1"] != p["tau2"] else {
                throw .parameterOutOfRange(
                    name: "tau2", value: p["tau2"], unit: "ms",
                    allowed: "≠ tau1 (the printed form divides by τ1 "
                        + "− τ2)")
            }
            return GrowingExponentialErratum(.dualExponential, p, s)
        }
    )
}
