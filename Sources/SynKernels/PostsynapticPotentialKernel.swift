import SynVerifyGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// PSP of a current-based LIF (v = u − u_rest, C·dv/dt = −(C/τ_m)·v + I_syn(t)) for an
/// exponential or an alpha-shaped synaptic current, as in NEST's `iaf_psc_exp` / `iaf_psc_alpha`.
///
/// - exponential current I = w·e^(−t/τ_s):
///   v(t) = (w/C)·(e^(−t/τ_m) − e^(−t/τ_s))/(1/τ_s − 1/τ_m), peak at
///   t* = τ_mτ_s/(τ_m − τ_s)·ln(τ_m/τ_s) = τ_m·log1p(ε)/ε, ε = (τ_m − τ_s)/τ_s;
/// - alpha current I = w·(e/τ_s)·t·e^(−t/τ_s) (peak w at τ_s):
///   v(t) = (w·e/(Cτ_s))·e^(−t/τ_m)·t²·ψ((1/τ_s − 1/τ_m)t), ψ(u) = (1 − e^(−u)(1 + u))/u²;
///   its peak solves e^x = 1 + (τ_m/τ_s)·x for x = (1/τ_s − 1/τ_m)·t*, i.e.
///   x = −W(−(τ_s/τ_m)e^(−τ_s/τ_m)) − τ_s/τ_m on the non-trivial Lambert-W branch (W₋₁ for
///   τ_m > τ_s, W₀ for τ_m < τ_s; GSL `gsl_sf_lambert_Wm1`), polished by Newton on
///   (e^x − 1 − x)/x = ε so that τ_m = τ_s (t* = 2τ_m) and its neighbourhood stay accurate.
///
/// Both limits τ_m → τ_s are exact (t·e^(−t/τ) and t²·e^(−t/τ)/2 shapes). Linear: trains superpose.
/// Units: C pF, τ ms, w pA, v mV.
/// Reference: Rotter & Diesmann (1999) Biol. Cybern. 81:381; NEST iaf_psc_* documentation.
public struct PostsynapticPotentialKernel: SuperposedKernel {
    public enum Current: String, Sendable {
        case exponential
        case alpha
    }

    public static let parameters: [ParameterSpec] = [
        ParameterSpec("C", .capacitance, 250, .positive, "membrane capacitance (NEST default: 250 pF)"),
        ParameterSpec("tau_m", .time, 10, .positive, "membrane time constant (NEST default: 10 ms)"),
        ParameterSpec("tau_s", .time, 2, .positive, "synaptic time constant (NEST default: 2 ms)"),
        ParameterSpec("w", .current, 100, .finite, "synaptic current amplitude (peak current)"),
    ]

    public let current: Current
    public let capacitance: Double
    public let tauM: Double
    public let tauS: Double
    public let w: Double
    public let spikes: SpikeTrain
    let singlePeak: Peak?

    public init(current: Current, overrides: [(name: String, value: Double)] = [], spikes: [Double] = [0])
        throws(InputError)
    {
        let name = current == .exponential ? "psp" : "psp-alpha"
        try self.init(
            current, ParameterValues(specs: Self.parameters, overrides: overrides, kernel: name), SpikeTrain(spikes))
    }

    init(_ current: Current, _ p: ParameterValues, _ spikes: SpikeTrain) throws(InputError) {
        self.current = current
        capacitance = p["C"]
        tauM = p["tau_m"]
        tauS = p["tau_s"]
        w = p["w"]
        self.spikes = spikes
        let epsilon = (tauM - tauS) / tauS
        let peakTime: Double
        switch current {
        case .exponential:
            peakTime = tauM * StableMath.log1pOver(epsilon)
        case .alpha:
            guard let x = Self.alphaPeakVariable(epsilon) else {
                throw .computationFailed(
                    kernel: "psp-alpha", reason: "peak equation e^x = 1 + (τ_m/τ_s)x did not converge")
            }
            peakTime = epsilon == 0 ? 2 * tauM : tauM * (x / epsilon)
        }
        let valueAtPeak = Self.response(current, peakTime, capacitance, tauM, tauS, w)
        singlePeak = w == 0 ? nil : Peak(time: peakTime, value: valueAtPeak)
    }

    static func response(_ current: Current, _ s: Double, _ c: Double, _ tauM: Double, _ tauS: Double, _ w: Double)
        -> Double
    {
        switch current {
        case .exponential:
            return (w / c) * StableMath.expDifferenceQuotient(1 / tauM, 1 / tauS, s)
        case .alpha:
            return (w * exp(1.0) / (c * tauS)) * StableMath.leakyAlphaIntegral(1 / tauM, 1 / tauS, s)
        }
    }

    /// F(x) = (e^x − 1 − x)/x (F(0) = 0), monotone increasing from −1 to ∞; series near 0.
    static func excessOverLinear(_ x: Double) -> (value: Double, slope: Double) {
        if abs(x) < 0.5 {
            var value = 0.0
            var slope = 0.0
            var power = 1.0
            var factorial = 1.0
            for n in 2...30 {
                factorial *= Double(n)
                // value: Σ x^(n−1)/n!, slope: Σ (n−1) x^(n−2)/n!
                slope += Double(n - 1) * power / factorial
                power *= x
                value += power / factorial
            }
            return (value, slope)
        }
        let em1 = expm1(x)
        return ((em1 - x) / x, (x * exp(x) - em1) / (x * x))
    }

    /// Root x of F(x) = ε, started from the Lambert-W solution and polished by Newton.
    static func alphaPeakVariable(_ epsilon: Double) -> Double? {
        if epsilon == 0 { return 0 }
        let c = 1 + epsilon  // τ_m/τ_s
        var x: Double
        if abs(epsilon) < 1e-3 {
            x = 2 * epsilon
        } else {
            let argument = -(1 / c) * exp(-1 / c)
            let w = c > 1 ? try? SpecialFunctions.lambertWm1(argument) : try? SpecialFunctions.lambertW0(argument)
            guard let w else { return nil }
            x = -w - 1 / c
        }
        for _ in 0..<100 {
            let (f, slope) = excessOverLinear(x)
            guard f.isFinite, slope.isFinite, slope > 0 else { return nil }
            let step = (f - epsilon) / slope
            x -= step
            if abs(step) <= 4 * Double.ulpOfOne * abs(x) { return x }
        }
        return x.isFinite ? x : nil
    }

    public func response(after s: Double) -> Double {
        Self.response(current, s, capacitance, tauM, tauS, w)
    }

    public var responsePeak: Peak? { singlePeak }

    public static let entry = KernelEntry(
        name: "psp",
        summary: "current-based LIF PSP for an exponential synaptic current (NEST iaf_psc_exp)",
        formula: "v(t) = (w/C) · (e^(−t/τ_m) − e^(−t/τ_s))/(1/τ_s − 1/τ_m),  t* = τ_mτ_s/(τ_m − τ_s)·ln(τ_m/τ_s)",
        source: "beyond the seeds: current-based synapse of the first seed with an exponential current",
        output: ("v", "mV"), parameters: parameters, acceptsSpikes: true,
        samplePoints: [0, 1, 2, 4.0235949, 10, 20, 50, 100],
        construct: { p, s throws(InputError) in try PostsynapticPotentialKernel(.exponential, p, s) }
    )

    public static let alphaEntry = KernelEntry(
        name: "psp-alpha",
        summary: "current-based LIF PSP for an alpha synaptic current (NEST iaf_psc_alpha); peak via Lambert W",
        formula: "v(t) = (w·e/(C·τ_s)) · e^(−t/τ_m) · (1 − e^(−dt)(1 + dt))/d²,  d = 1/τ_s − 1/τ_m",
        source: "beyond the seeds: current-based synapse with an alpha current",
        output: ("v", "mV"), parameters: parameters, acceptsSpikes: true,
        samplePoints: [0, 1, 2, 5, 10, 20, 50, 100],
        construct: { p, s throws(InputError) in try PostsynapticPotentialKernel(.alpha, p, s) }
    )
}
