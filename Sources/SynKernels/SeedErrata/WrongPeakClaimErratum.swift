#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Known-wrong peak claims: the kernel's values are right but the peak printed in the second
/// seed is not.
///
/// - Exercise 2, alpha: "x reaches a maximum value of w at time τ". In fact x = w·e^(−t/τ) is
///   largest (w) at t = 0, and g = w(t/τ)e^(−t/τ) peaks at τ with value w/e.
/// - Exercise 2, dual exponential: "x reaches a maximum value of w at time τ1·ln(τ2/τ1)". In fact
///   g peaks at w, at t* = τ1τ2/(τ2 − τ1)·ln(τ2/τ1) (x again peaks at t = 0).
/// Verification compares the claimed peak with the located one and must flag the difference.
public struct WrongPeakClaimErratum: Kernel {
    public let correct: any Kernel
    public let claimed: Peak

    public func value(at t: Double) -> Double { correct.value(at: t) }
    public var peak: Peak? { claimed }

    public static let alphaEntry = KernelEntry(
        name: "alpha-brian2-seed-peak",
        summary: "KNOWN WRONG peak claim: Brian2 alpha said to reach w at τ (g peaks at w/e)",
        formula: "values as alpha-brian2; claimed peak (τ, w)",
        source: "second seed Exercise 2 solution, alpha synapse",
        output: ("g", "nS"), parameters: AlphaKernel.brian2Parameters, acceptsSpikes: true,
        correctness: .knownWrong(
            reason: "claims the maximum is w at t = τ; g peaks at w/e at τ (x peaks at w at t = 0)",
            correctKernel: "alpha-brian2"),
        samplePoints: [0, 1, 2.5, 5, 10, 25],
        construct: { p, s in
            let correct = AlphaKernel(.brian2, p, s)
            let first = s.times.first ?? 0
            return WrongPeakClaimErratum(correct: correct, claimed: Peak(time: first + p["tau"], value: p["w"]))
        }
    )

    public static let dualExponentialEntry = KernelEntry(
        name: "dualexp-peak-seed-peak",
        summary: "KNOWN WRONG peak claim: Brian2 dual exponential said to peak at τ1·ln(τ2/τ1)",
        formula: "values as dualexp-peak; claimed peak (τ1·ln(τ2/τ1), w)",
        source: "second seed Exercise 2 solution, dual exponential synapse",
        output: ("g", "nS"), parameters: DualExponentialKernel.peakParameters, acceptsSpikes: true,
        correctness: .knownWrong(
            reason: "claims the peak time τ1·ln(τ2/τ1); the peak of g is at τ1τ2/(τ2 − τ1)·ln(τ2/τ1)",
            correctKernel: "dualexp-peak"),
        samplePoints: [0, 5, 10, 16.1, 18.6, 50],
        construct: { p, s in
            let correct = DualExponentialKernel(.peak, p, s)
            let first = s.times.first ?? 0
            let tau1 = p["tau1"]
            let tau2 = p["tau2"]
            return WrongPeakClaimErratum(
                correct: correct, claimed: Peak(time: first + tau1 * log(tau2 / tau1), value: p["w"]))
        }
    )
}
