import SynVerifyGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// NMDA conductance under voltage clamp with BrainPy's second-order gating and the Mg²⁺ block:
/// g(t) = g_max·B(V)·s(t), ds/dt = −s/τ_d + a·x·(1 − s), dx/dt = −x/τ_r, x += 1 per spike.
///
/// Exact solution between spikes, with x₀, s₀ the values at the segment start, c = a·τ_r·x₀,
/// z(τ) = c·e^(−τ/τ_r) and p = τ_r/τ_d:
///   s(τ) = s₀·e^(−τ/τ_d − (c − z)) + z^p·e^z·∫_z^c u^(−p)·e^(−u) du,
/// where the integral is Γ(1 − p, z) − Γ(1 − p, c) (GSL `gsl_sf_gamma_inc`, or its regularised
/// forms P, Q chosen to avoid cancellation) and, when c/z ≤ 2, a 20-point Gauss–Legendre rule
/// (exact to rounding there, where the difference of Γ's would cancel).
/// Peak: the root of ds/dt on the closed form (Brent), over every inter-spike segment.
/// Units: g_max nS, V and E mV, τ_d, τ_r ms, a 1/ms; s dimensionless; g nS.
/// Reference: first seed §2.1.1 NMDA Synapse; Wang (2002) Neuron 36:955 (same kinetics).
public struct NMDAKernel: Kernel {
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("g_max", .conductance, 0.15, .nonNegative, "maximal conductance (BrainPy: 0.15)"),
        ParameterSpec("V", .voltage, -65, .finite, "clamped membrane potential"),
        ParameterSpec("alpha", .perVoltage, 0.062, .positive, "Mg²⁺ block voltage slope"),
        ParameterSpec("beta", .concentration, 3.57, .positive, "Mg²⁺ dissociation constant"),
        ParameterSpec("cc_Mg", .concentration, 1.2, .nonNegative, "extracellular Mg²⁺ concentration"),
        ParameterSpec("tau_decay", .time, 100, .positive, "decay time constant of s"),
        ParameterSpec("tau_rise", .time, 2, .positive, "decay time constant of x"),
        ParameterSpec("a", .perTime, 0.5, .positive, "coupling of x into s"),
    ]

    struct Segment: Sendable {
        let start: Double
        let s0: Double
        let x0: Double
    }

    public let gMax: Double
    public let tauDecay: Double
    public let tauRise: Double
    public let a: Double
    public let block: Double
    let segments: [Segment]

    static let gaussLegendre: [(node: Double, weight: Double)] = (try? GaussLegendre.rule(order: 20)) ?? []

    /// The largest τ_rise/τ_decay: GSL's Γ(1 − p, x) for p > 1 recurs from 1 − p upwards, in time
    /// proportional to p (measured: 0.03 s at p = 1e6, 10 s at p = 1e9).
    public static let maximumTimeConstantRatio = 1e6

    init(_ p: ParameterValues, _ spikes: SpikeTrain) throws(InputError) {
        gMax = p["g_max"]
        tauDecay = p["tau_decay"]
        tauRise = p["tau_rise"]
        guard tauRise / tauDecay <= Self.maximumTimeConstantRatio else {
            throw .parameterOutOfRange(
                name: "tau_decay", value: tauDecay, unit: "ms",
                allowed: "≥ tau_rise/\(Int(Self.maximumTimeConstantRatio)) "
                    + "= \(tauRise / Self.maximumTimeConstantRatio)")
        }
        a = p["a"]
        block = MagnesiumBlock(slope: p["alpha"], concentrationRatio: p["cc_Mg"] / p["beta"]).value(at: p["V"])
        guard Self.gaussLegendre.count == 20 else {
            throw .computationFailed(kernel: "nmda", reason: "GSL could not build its Gauss–Legendre table")
        }
        var segments: [Segment] = []
        for t in spikes.times {
            if let last = segments.last {
                let tau = t - last.start
                let s = try Self.gating(
                    after: tau, s0: last.s0, x0: last.x0, tauDecay: tauDecay, tauRise: tauRise, a: a)
                segments.append(Segment(start: t, s0: s, x0: last.x0 * exp(-tau / tauRise) + 1))
            } else {
                segments.append(Segment(start: t, s0: 0, x0: 1))
            }
        }
        self.segments = segments
        peakCache = try Self.findPeak(segments, tauDecay, tauRise, a)
    }

    /// ∫_lower^upper u^(−p)·e^(lower − u) du for 0 < lower ≤ upper (scaled by e^lower), where
    /// `length` = upper − lower is passed in exactly (formed by the caller without cancellation).
    static func scaledGammaIntegral(_ lower: Double, _ upper: Double, length: Double, _ p: Double) throws(GSLError)
        -> Double
    {
        if length <= 0 { return 0 }
        if upper <= 2 * lower {
            // One Gauss–Legendre piece: the singularity at 0 is ≥ 1.5 half-lengths away, so 20
            // nodes are exact to rounding; the difference of Γ's would cancel here.
            return gaussLegendre(lower, half: 0.5 * length, p, shift: lower)
        }
        if lower > 600 {
            // e^lower would overflow the Γ path: geometric pieces of ratio 2 (≤ 1100 of them).
            var sum = 0.0
            var left = lower
            var pieces = 0
            while left < upper && pieces < 2000 {
                let right = min(upper, 2 * left)
                sum += gaussLegendre(left, half: 0.5 * (right - left), p, shift: lower)
                left = right
                pieces += 1
            }
            return sum
        }
        return exp(lower) * (try gammaDifference(lower, upper, p))
    }

    /// ∫_a^(a+2·half) u^(−p)·e^(shift − u) du by the 20-point Gauss–Legendre rule.
    static func gaussLegendre(_ a: Double, half: Double, _ p: Double, shift: Double) -> Double {
        let mid = a + half
        var sum = 0.0
        for (node, weight) in gaussLegendre {
            let u = mid + half * node
            sum += weight * pow(u, -p) * exp(shift - u)
        }
        return half * sum
    }

    /// Γ(1 − p, lower) − Γ(1 − p, upper), through whichever of P, Q or Γ(a, x) does not cancel.
    /// `lower` may be 0 (then it is γ(1 − p, upper), for p < 1).
    static func gammaDifference(_ lower: Double, _ upper: Double, _ p: Double) throws(GSLError) -> Double {
        let shape = 1 - p
        if shape > 0 {
            let gammaShape = try SpecialFunctions.gamma(shape)
            if lower >= shape + 1 {
                return gammaShape
                    * (try SpecialFunctions.regularizedUpperGamma(shape, lower)
                        - SpecialFunctions.regularizedUpperGamma(shape, upper))
            }
            return gammaShape
                * (try SpecialFunctions.regularizedLowerGamma(shape, upper)
                    - SpecialFunctions.regularizedLowerGamma(shape, lower))
        }
        return try SpecialFunctions.upperIncompleteGamma(shape, lower)
            - SpecialFunctions.upperIncompleteGamma(shape, upper)
    }

    /// s at τ ms after a segment start with gating s0 and x = x0 there.
    static func gating(after tau: Double, s0: Double, x0: Double, tauDecay: Double, tauRise: Double, a: Double)
        throws(InputError) -> Double
    {
        if tau <= 0 { return s0 }
        let c = a * tauRise * x0
        if c == 0 { return s0 * exp(-tau / tauDecay) }
        let p = tauRise / tauDecay
        let fraction = -expm1(-tau / tauRise)  // (c − z)/c, exact near τ = 0
        let carried = s0 * exp(-tau / tauDecay - c * fraction)
        // z = c·e^(−τ/τ_r) and z^p = c^p·e^(−τ/τ_d) through logarithms: z underflows long before z^p.
        let logZ = log(c) - tau / tauRise
        let z = exp(logZ)
        let zToP = exp(p * logZ)
        do {
            if z == 0 {
                // ∫_0^c u^(−p)e^(−u)du = γ(1 − p, c) for p < 1; for p ≥ 1, z^p·∫ → z/(p − 1) → 0.
                return p < 1 ? carried + zToP * (try gammaDifference(0, c, p)) : carried
            }
            return carried + zToP * (try scaledGammaIntegral(z, c, length: c * fraction, p))
        } catch {
            throw .computationFailed(kernel: "nmda", reason: error.description)
        }
    }

    func gating(at t: Double) -> Double {
        var low = 0
        var high = segments.count
        while low < high {
            let mid = (low + high) / 2
            if segments[mid].start <= t { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return 0 }
        let segment = segments[low - 1]
        // Parameters were validated and the segment values are finite, so the special functions
        // stay inside their domains; a GSL failure here would surface as NaN, never a crash.
        return
            (try? Self.gating(
                after: t - segment.start, s0: segment.s0, x0: segment.x0, tauDecay: tauDecay, tauRise: tauRise, a: a))
            ?? .nan
    }

    public func value(at t: Double) -> Double { gMax * block * gating(at: t) }

    let peakCache: (time: Double, gating: Double)?
    public var peak: Peak? {
        peakCache.map { Peak(time: $0.time, value: gMax * block * $0.gating) }
    }

    public var derived: [DerivedQuantity] { [DerivedQuantity("B(V)", block, "1")] }

    /// Largest local maximum of s: in each segment ds/dt crosses zero at most once, downwards.
    static func findPeak(_ segments: [Segment], _ tauDecay: Double, _ tauRise: Double, _ a: Double) throws(InputError)
        -> (time: Double, gating: Double)?
    {
        var best: (time: Double, gating: Double)?
        for (k, segment) in segments.enumerated() {
            let slope = { (tau: Double) -> Double in
                let s =
                    (try? gating(
                        after: tau, s0: segment.s0, x0: segment.x0, tauDecay: tauDecay, tauRise: tauRise, a: a))
                    ?? .nan
                return -s / tauDecay + a * segment.x0 * exp(-tau / tauRise) * (1 - s)
            }
            var upper: Double
            if k + 1 < segments.count {
                upper = segments[k + 1].start - segment.start
                guard upper > 0, slope(upper) < 0 else { continue }
            } else {
                upper = tauRise
                var doublings = 0
                while slope(upper) >= 0 && doublings < 200 {
                    upper *= 2
                    doublings += 1
                }
                guard slope(upper) < 0 else { continue }
            }
            guard let root = RootFinding.brent(0, upper, slope) else { continue }
            let s = try gating(after: root, s0: segment.s0, x0: segment.x0, tauDecay: tauDecay, tauRise: tauRise, a: a)
            if best == nil || s > best!.gating { best = (segment.start + root, s) }
        }
        return best
    }

    public static let entry = KernelEntry(
        name: "nmda",
        summary: "NMDA conductance g_max·B(V)·s(t) under voltage clamp, BrainPy s/x kinetics, exact via Γ(a, x)",
        formula:
            "s(τ) = s₀·e^(−τ/τ_d − (c−z)) + z^p·e^z·[Γ(1−p, z) − Γ(1−p, c)], "
            + " c = a·τ_r·x₀, z = c·e^(−τ/τ_r), "
            + "p = τ_r/τ_d",
        source: "first seed §2.1.1 NMDA Synapse (BrainPy defaults)",
        output: ("g", "nS"), parameters: parameters, acceptsSpikes: true,
        samplePoints: [0, 1, 2, 5, 10, 20, 50, 100, 300],
        construct: { p, s throws(InputError) in try NMDAKernel(p, s) }
    )
}
