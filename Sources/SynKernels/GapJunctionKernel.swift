#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Two identical passive cells coupled by a gap junction, a current step I into cell 0 from
/// t = 0 to t_off:
///   C·dV₀/dt = g_l(u_rest − V₀) + w(V₁ − V₀) + I(t),   C·dV₁/dt = g_l(u_rest − V₁) + w(V₀ − V₁).
///
/// Sum and difference modes decouple: Σ = V₀ + V₁ − 2u_rest relaxes with rate a = g_l/C and
/// Δ = V₀ − V₁ with rate b = (g_l + 2w)/C, so during the step
///   V₀ − u_rest = (I/2C)(F(a) + F(b)),  V₁ − u_rest = (I/2C)(F(a) − F(b)),  F(r) = (1 − e^(−rt))/r,
/// with F(a) − F(b) = ∫₀ᵗ(e^(−as) − e^(−bs))ds evaluated without cancellation; after the step
/// both modes decay freely. Peaks: V₀ at t_off; V₁ later, at
/// t_off + ln[(1 − e^(−b·t_off))/(1 − e^(−a·t_off))]/(b − a) (the partner keeps charging while V₀ > V₁).
/// Cells may start away from rest (dV0, dV1: V(0) − u_rest), whose deviations relax freely in
/// the two modes on top of the step response.
/// Units: C pF, g_l and w nS, I pA, times ms, potentials mV. `cell` selects V₀ (0) or V₁ (1).
/// Reference: first seed §2.1.2 Electrical Synapses; Sterratt et al. (2011) §7.6.
public struct GapJunctionKernel: Kernel {
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("C", .capacitance, 200, .positive, "membrane capacitance of each cell (Exercise 1: 200 pF)"),
        ParameterSpec("g_l", .conductance, 10, .positive, "leak conductance of each cell (Exercise 1: 10 nS)"),
        ParameterSpec("u_rest", .voltage, -65, .finite, "resting potential (Exercise 1: −65 mV)"),
        ParameterSpec("w", .conductance, 5, .nonNegative, "gap-junction conductance"),
        ParameterSpec("I", .current, 100, .finite, "current step into cell 0"),
        ParameterSpec("t_off", .time, 100, .positive, "end of the current step (it starts at 0 ms)"),
        ParameterSpec(
            "cell", .dimensionless, 1, .oneOf([0, 1]), "which cell's potential to report: 0 (injected) or 1 (partner)"),
        ParameterSpec("dV0", .voltage, 0, .finite, "initial V₀ − u_rest (0: at rest)"),
        ParameterSpec("dV1", .voltage, 0, .finite, "initial V₁ − u_rest (0: at rest)"),
    ]

    public let capacitance: Double
    public let leak: Double
    public let rest: Double
    public let coupling: Double
    public let current: Double
    public let stepEnd: Double
    public let cell: Int
    /// Initial deviations from rest (mV): they relax freely in the sum and difference modes.
    public let initialInjected: Double
    public let initialPartner: Double

    init(_ p: ParameterValues) {
        initialInjected = p["dV0"]
        initialPartner = p["dV1"]
        capacitance = p["C"]
        leak = p["g_l"]
        rest = p["u_rest"]
        coupling = p["w"]
        current = p["I"]
        stepEnd = p["t_off"]
        cell = Int(p["cell"])
    }

    var sumRate: Double { leak / capacitance }
    var differenceRate: Double { (leak + 2 * coupling) / capacitance }

    /// (V₀ − u_rest, V₁ − u_rest) at time t ≥ 0, in mV: the response to the step plus the free
    /// relaxation of the initial deviations, Σ₀e^(−at) and Δ₀e^(−bt) with Σ₀ = dV0 + dV1,
    /// Δ₀ = dV0 − dV1 (the system is linear).
    func deviations(at t: Double) -> (injected: Double, partner: Double) {
        let step = stepResponse(at: t)
        guard initialInjected != 0 || initialPartner != 0 else { return step }
        let sum = (initialInjected + initialPartner) * exp(-sumRate * t)
        let difference = (initialInjected - initialPartner) * exp(-differenceRate * t)
        return (step.injected + (sum + difference) / 2, step.partner + (sum - difference) / 2)
    }

    /// The response to the current step from rest.
    func stepResponse(at t: Double) -> (injected: Double, partner: Double) {
        let a = sumRate
        let b = differenceRate
        let scale = current / (2 * capacitance)
        let on = min(t, stepEnd)
        let fa = on * StableMath.oneMinusExpOver(a * on)
        let fb = on * StableMath.oneMinusExpOver(b * on)
        let gap = StableMath.integratedExpDifference(a, b, on)  // F(a) − F(b) ≥ 0
        if t <= stepEnd {
            return (scale * (fa + fb), scale * gap)
        }
        let after = t - stepEnd
        let ea = exp(-a * after)
        let eb = exp(-b * after)
        // V₁: Σ_off e^(−a·τ) − Δ_off e^(−b·τ) = (Σ_off − Δ_off)e^(−aτ) + Δ_off(e^(−aτ) − e^(−bτ)),
        // both terms of one sign: no cancellation.
        let partner = scale * (gap * ea + fb * ea * -expm1(-(b - a) * after))
        let injected = scale * (fa * ea + fb * eb)
        return (injected, partner)
    }

    public func value(at t: Double) -> Double {
        guard t >= 0 else { return rest }
        let d = deviations(at: t)
        return rest + (cell == 0 ? d.injected : d.partner)
    }

    /// The peak of the step response from rest (nil when the cells start away from rest: not derived).
    public var peak: Peak? {
        guard current != 0, initialInjected == 0, initialPartner == 0 else { return nil }
        if cell == 0 { return Peak(time: stepEnd, value: value(at: stepEnd)) }
        guard coupling > 0 else { return nil }
        let a = sumRate
        let b = differenceRate
        let delta = b - a
        // τ* = ln(1 + u)/δ with u = e^(−a·t_off)(1 − e^(−δ·t_off))/(1 − e^(−a·t_off)).
        let uOverDelta =
            exp(-a * stepEnd) * stepEnd * StableMath.oneMinusExpOver(delta * stepEnd) / -expm1(-a * stepEnd)
        let u = uOverDelta * delta
        let tau = StableMath.log1pOver(u) * uOverDelta
        return Peak(time: stepEnd + tau, value: value(at: stepEnd + tau))
    }

    public static let entry = KernelEntry(
        name: "gap",
        summary: "two passive cells coupled by a gap junction, current step into cell 0 (V₀ or V₁)",
        formula:
            "V₀,₁ − u_rest = (I/2C)·(F(g_l/C) ± F((g_l+2w)/C)),  F(r) = (1 − e^(−r·t))/r during the step; "
            + "free decay after",
        source: "first seed §2.1.2 Electrical Synapses (I₁ = w(V₀ − V₁))",
        output: ("V", "mV"), parameters: parameters, acceptsSpikes: false,
        samplePoints: [0, 1, 5, 20, 50, 100, 110, 150, 300],
        construct: { p, _ in GapJunctionKernel(p) }
    )
}
