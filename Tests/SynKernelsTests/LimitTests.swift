import Testing

@testable import SynKernels

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Limits and tails checked on their own, against series derived by hand in each test.
@Suite("Singular limits and tails")
struct LimitTests {
    @Test("exp-difference quotient equals t·e^(−at) exactly at a = b (l'Hôpital)")
    func quotientAtEqualRates() {
        for t in [0.0, 1e-300, 0.5, 3, 250] {
            #expect(StableMath.expDifferenceQuotient(0.2, 0.2, t) == t * exp(-0.2 * t))
        }
    }

    /// Hand derivation: for τ2 = τ(1 + ε), D(t) = t·e^(−bt)·φ((a − b)t) with a = 1/τ,
    /// b = 1/(τ(1+ε)). At t = τ: e^(−bτ) = e^(−1)(1 + ε − ε²/2 + O(ε³)) and
    /// φ(ε/(1+ε)) = 1 − ε/2 + 2ε²/3 + O(ε³), so D(τ) = τe^(−1)(1 + ε/2 − ε²/3 + O(ε³)).
    /// The peak is at t* = τ(1+ε)·log(1+ε)/ε = τ(1 + ε/2 − ε²/6 + O(ε³)).
    @Test("dual exponential near τ1 = τ2: value and peak time to 1e-15", arguments: [1e-6, 1e-9, 1e-12])
    func nearDegenerateDualExponential(epsilon: Double) throws {
        let tau = 5.0
        let tau2 = tau * (1 + epsilon)
        let actualEpsilon = (tau2 - tau) / tau  // the ε the double τ2 really carries
        let kernel = try DualExponentialKernel(normalisation: .brainpy, w: 1, tau1: tau, tau2: tau2)
        let expectedPeak = tau * (1 + actualEpsilon / 2 - actualEpsilon * actualEpsilon / 6)
        let peak = try #require(kernel.peak)
        #expect(abs(peak.time - expectedPeak) <= 1e-15 * expectedPeak)
        let expectedValue = tau * exp(-1) * (1 + actualEpsilon / 2 - actualEpsilon * actualEpsilon / 3)
        #expect(abs(kernel.value(at: tau) - expectedValue) <= 1e-15 * expectedValue)
    }

    /// The naive difference formula loses ~|log10 ε| digits; the stable form does not.
    @Test("naive dual exponential cancels at |Δτ|/τ = 1e-12, stable form does not")
    func naiveFormLosesDigits() throws {
        let tau = 5.0
        let tau2 = 5.0 * (1 + 1e-12)
        let t = 5.0
        let epsilon = (tau2 - tau) / tau
        let exact = tau * exp(-1) * (1 + epsilon / 2)
        let naive = tau * tau2 / (tau - tau2) * (exp(-t / tau) - exp(-t / tau2))
        let stable = try DualExponentialKernel(normalisation: .brainpy, w: 1, tau1: tau, tau2: tau2).value(at: t)
        #expect(abs(naive - exact) / exact > 1e-6)
        #expect(abs(stable - exact) / exact < 1e-15)
    }

    @Test(
        "peak-normalised dual exponential peaks at exactly w for either order and τ1 = τ2",
        arguments: [(8.0, 60.0), (60.0, 8.0), (8.0, 8.0), (8.0, 8.000000000008)])
    func peakIsW(taus: (Double, Double)) throws {
        let kernel = try DualExponentialKernel(normalisation: .peak, w: 100, tau1: taus.0, tau2: taus.1)
        let peak = try #require(kernel.peak)
        #expect(abs(kernel.value(at: peak.time) - 100) <= 1e-13 * 100)
        // The derived k tends to e as τ1 → τ2: (1 + r)^(1/r) → e.
        if taus.0 == taus.1 { #expect(kernel.derived.first?.value == exp(1)) }
    }

    @Test("ψ(u) series and direct forms meet at |u| = 1; ψ(0) = 1/2")
    func psiContinuity() {
        #expect(StableMath.psi(0) == 0.5)
        for u in [1.0, -1.0] {
            let below = StableMath.psi(u.nextDown.magnitude * (u < 0 ? -1 : 1))
            let direct = (1 - exp(-u) * (1 + u)) / (u * u)
            #expect(abs(below - direct) <= 1e-15 * abs(direct))
        }
    }

    /// ∫₀ᵗ(e^(−as) − e^(−bs))ds = (1 − e^(−at))/a − (1 − e^(−bt))/b, well conditioned when a ≪ b.
    @Test("integrated exponential difference: both regimes agree with the direct form where it is safe")
    func integratedDifference() {
        let a = 0.05
        let b = 2.0
        for t in [0.499, 0.5, 0.501, 3.0, 40.0] {
            let direct = -expm1(-a * t) / a + expm1(-b * t) / b
            #expect(abs(StableMath.integratedExpDifference(a, b, t) - direct) <= 1e-14 * direct)
        }
        #expect(StableMath.integratedExpDifference(0.05, 0.05, 10) == 0)
        // First order in δ: ≈ δ·∫₀ᵗ s e^(−as) ds = δ(1 − e^(−at)(1 + at))/a².
        let delta = 1e-9
        let t = 30.0
        let firstOrder = delta * (1 - exp(-a * t) * (1 + a * t)) / (a * a)
        #expect(abs(StableMath.integratedExpDifference(a, a + delta, t) - firstOrder) <= 1e-8 * firstOrder)
    }

    @Test("PSP peak times in the τ_m = τ_s limit: τ_m (exponential) and 2τ_m (alpha)")
    func pspEqualTaus() throws {
        let exponential = try PostsynapticPotentialKernel(
            current: .exponential, overrides: [("tau_m", 10), ("tau_s", 10)])
        let alpha = try PostsynapticPotentialKernel(current: .alpha, overrides: [("tau_m", 10), ("tau_s", 10)])
        #expect(exponential.peak?.time == 10)
        #expect(alpha.peak?.time == 20)
        // Near the limit the Lambert-W branch point is avoided: t* → 2τ_m continuously.
        let near = try PostsynapticPotentialKernel(
            current: .alpha, overrides: [("tau_m", 10), ("tau_s", 10 * (1 + 1e-10))])
        #expect(abs(try #require(near.peak).time - 20) < 1e-8)
    }

    @Test("Mg block saturates without overflow at extreme voltages")
    func magnesiumExtremes() throws {
        let block = try KernelCatalog.entry(named: "mg-block").make()
        #expect(block.value(at: -1e6) == 0)
        #expect(block.value(at: 1e6) == 1)
        #expect(block.value(at: -1e4) >= 0)
    }

    @Test("gap junction without coupling leaves the partner at rest, with no peak")
    func uncoupledGap() throws {
        let kernel = try KernelCatalog.entry(named: "gap").make(overrides: [("w", 0)])
        for t in [0.0, 10, 100, 150, 1000] { #expect(kernel.value(at: t) == -65) }
        #expect(kernel.peak == nil)
    }

    @Test("LIF rate is 0 at and below rheobase and positive just above it")
    func rheobase() throws {
        let kernel = try LIFRateKernel()
        let rheobase = kernel.rheobase  // (10 + 10)(−50) − 10(−60) − 10(−70) = 300 pA by hand
        #expect(rheobase == 300)
        #expect(kernel.value(at: 300) == 0)
        #expect(kernel.value(at: 299.999) == 0)
        let justAbove = kernel.value(at: 300 + 1e-9)
        #expect(justAbove > 0 && justAbove < 1)
    }

    /// Far in the tail each decays at its slowest rate, derived by hand: NMDA's s at 1/τ_decay
    /// (z = c·e^(−τ/τ_rise) → 0 leaves s₀-like·e^(−τ/τ_d)), so s(t + 100 ms)/s(t) = e^(−1);
    /// GABA_B's G at k4 = 0.0012/ms (the receptor's decay, the slowest of k2 = 0.034 and k4), and
    /// s = G⁴/(G⁴ + K_d) ≈ G⁴/K_d, so s(t + 100 ms)/s(t) = e^(−4·0.12). Where the true value is
    /// below the smallest double (NMDA at 10⁵ ms: e^(−1000)), it is 0, never NaN or negative.
    @Test("NMDA and GABA_B decay at their slowest rates far in the tail, and underflow to 0")
    func slowTails() throws {
        let nmda = try KernelCatalog.entry(named: "nmda").make()
        let nmdaRatio = nmda.value(at: 1100) / nmda.value(at: 1000)
        #expect(abs(nmdaRatio / exp(-1) - 1) <= 1e-9, "NMDA ratio \(nmdaRatio)")
        #expect(nmda.value(at: 1e4) > 0)
        #expect(nmda.value(at: 1e5) == 0 && nmda.value(at: 1e7) == 0)
        let gabab = try KernelCatalog.entry(named: "gabab").make()
        let gababRatio = gabab.value(at: 2100) / gabab.value(at: 2000)
        #expect(abs(gababRatio / exp(-4 * 0.0012 * 100) - 1) <= 1e-6, "GABA_B ratio \(gababRatio)")
        for t in [1e4, 1e5, 1e7] {
            let v = gabab.value(at: t)
            #expect(v.isFinite && v >= 0, "GABA_B at \(t): \(v)")
        }
        #expect(gabab.value(at: 1e7) == 0)
    }
}
