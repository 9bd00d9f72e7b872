import SynVerifyGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// GABA_B gating through a G-protein cascade (BrainPy `GABAb1`):
/// d[R]/dt = k₃[T](1 − [R]) − k₄[R], d[G]/dt = k₁[R] − k₂[G], s = G⁴/(G⁴ + K_d),
/// with a square transmitter pulse [T] = T for T_dur after each spike (a spike during a pulse
/// restarts it).
///
/// Exact: on each stretch of constant [T], R(τ) = A + B·e^(−λτ) (see `PulsedMarkovKinetics`)
/// and the linear G equation integrates to
///   G(τ) = G₀·e^(−k₂τ) + k₁A·(1 − e^(−k₂τ))/k₂ + k₁B·(e^(−λτ) − e^(−k₂τ))/(k₂ − λ),
/// the last quotient evaluated without cancellation as λ → k₂.
/// Peak: G and s peak together, after a pulse, at the root of dG/dt = k₁R − k₂G (Brent).
/// Units: k₁, k₂, k₄ in 1/ms, k₃ in 1/(mM·ms), T in mM, T_dur in ms; R, G, s and K_d (in units of
/// G⁴) dimensionless.
/// Reference: first seed §2.1.1 GABA_B Synapse; Destexhe & Sejnowski (1995) PNAS 92:9515.
public struct GABABKernel: Kernel {
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("k1", .perTime, 0.18, .positive, "G-protein activation rate"),
        ParameterSpec("k2", .perTime, 0.034, .positive, "G-protein decay rate"),
        ParameterSpec("k3", .perConcentrationPerTime, 0.09, .positive, "receptor binding rate"),
        ParameterSpec("k4", .perTime, 0.0012, .positive, "receptor unbinding rate"),
        ParameterSpec("K_d", .dimensionless, 100, .positive, "dissociation constant of G⁴ (in units of G⁴)"),
        ParameterSpec("T", .concentration, 0.5, .nonNegative, "transmitter concentration during a pulse"),
        ParameterSpec("T_dur", .time, 0.3, .positive, "pulse duration"),
    ]

    public let k1: Double
    public let k2: Double
    public let dissociation: Double
    public let receptor: PulsedMarkovKinetics
    /// G at the start of each receptor segment.
    let g0: [Double]

    public init(spikes: [Double] = [0], overrides: [(name: String, value: Double)] = []) throws(InputError) {
        let p = try ParameterValues(specs: Self.parameters, overrides: overrides, kernel: "gabab")
        self.init(p, try SpikeTrain(spikes))
    }

    init(_ p: ParameterValues, _ spikes: SpikeTrain) {
        k1 = p["k1"]
        k2 = p["k2"]
        dissociation = p["K_d"]
        receptor = PulsedMarkovKinetics(
            alpha: p["k3"], beta: p["k4"], transmitter: p["T"], pulseDuration: p["T_dur"], spikes: spikes)
        var g0: [Double] = []
        var g = 0.0
        for k in receptor.segments.indices {
            if k > 0 {
                g = Self.gProtein(
                    after: receptor.segments[k].start - receptor.segments[k - 1].start,
                    g0: g, form: receptor.exponentialForm(ofSegment: k - 1), k1: k1, k2: k2)
            }
            g0.append(g)
        }
        self.g0 = g0
    }

    static func gProtein(
        after tau: Double, g0: Double, form: (a: Double, b: Double, rate: Double), k1: Double, k2: Double
    ) -> Double {
        g0 * exp(-k2 * tau)
            + k1 * form.a * tau * StableMath.oneMinusExpOver(k2 * tau)
            + k1 * form.b * StableMath.expDifferenceQuotient(form.rate, k2, tau)
    }

    /// Activated G-protein concentration [G] at t (ms), 0 before the first spike.
    public func gProtein(at t: Double) -> Double {
        guard let k = receptor.segmentIndex(at: t) else { return 0 }
        return Self.gProtein(
            after: t - receptor.segments[k].start, g0: g0[k], form: receptor.exponentialForm(ofSegment: k), k1: k1,
            k2: k2)
    }

    func gating(ofG g: Double) -> Double {
        let g4 = (g * g) * (g * g)
        return g4 / (g4 + dissociation)
    }

    public func value(at t: Double) -> Double { gating(ofG: gProtein(at: t)) }

    public var peak: Peak? {
        var best: (time: Double, g: Double)?
        let segments = receptor.segments
        for k in segments.indices where !segments[k].transmitterOn {
            let form = receptor.exponentialForm(ofSegment: k)
            let slope = { (tau: Double) -> Double in
                let r = form.a + form.b * exp(-form.rate * tau)
                return self.k1 * r - self.k2
                    * Self.gProtein(after: tau, g0: self.g0[k], form: form, k1: self.k1, k2: self.k2)
            }
            guard slope(0) > 0 else { continue }
            var upper: Double
            if k + 1 < segments.count {
                upper = segments[k + 1].start - segments[k].start
                guard slope(upper) < 0 else { continue }
            } else {
                upper = 1 / k2
                var doublings = 0
                while slope(upper) >= 0 && doublings < 200 {
                    upper *= 2
                    doublings += 1
                }
                guard slope(upper) < 0 else { continue }
            }
            guard let root = RootFinding.brent(0, upper, slope) else { continue }
            let g = Self.gProtein(after: root, g0: g0[k], form: form, k1: k1, k2: k2)
            if best == nil || g > best!.g { best = (segments[k].start + root, g) }
        }
        return best.map { Peak(time: $0.time, value: gating(ofG: $0.g)) }
    }

    public static let entry = KernelEntry(
        name: "gabab",
        summary: "GABA_B cascade: R (pulsed kinetics) → G (linear) → s = G⁴/(G⁴ + K_d), exact piecewise",
        formula: "G(τ) = G₀e^(−k₂τ) + k₁A(1 − e^(−k₂τ))/k₂ + k₁B(e^(−λτ) − e^(−k₂τ))/(k₂ − λ),  s = G⁴/(G⁴ + K_d)",
        source: "first seed §2.1.1 GABA_B Synapse (BrainPy GABAb1 defaults)",
        output: ("s", "1"), parameters: parameters, acceptsSpikes: true,
        samplePoints: [0, 0.3, 1, 10, 30, 60, 100, 300, 1000],
        construct: { p, s in GABABKernel(p, s) }
    )
}
