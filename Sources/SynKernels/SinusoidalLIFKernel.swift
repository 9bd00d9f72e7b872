#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Passive LIF membrane (no threshold) driven by a constant plus sinusoidal current:
///   C·du/dt = g_l(u_rest − u) + I₀ + I₁·sin(ωt + φ),  ω = 2πf.
///
/// With τ = C/g_l and v = u − u_rest:
///   v(t) = (I₀/g_l)(1 − e^(−t/τ)) + A[sin(ωt+φ) − sin φ·e^(−t/τ)] + B[cos(ωt+φ) − cos φ·e^(−t/τ)] + v₀e^(−t/τ),
///   A = I₁/(g_l(1 + ω²τ²)),  B = −ωτ·A,
/// each bracket rewritten with sum-to-product and `expm1` so it does not cancel near t = 0.
/// Non-autonomous, so it exposes wrong stage times in a Runge–Kutta tableau. Oscillatory: no
/// single peak. Units: C pF, g_l nS, currents pA, f Hz, φ rad, potentials mV, t ms.
/// Reference: standard linear ODE solution; e.g. Dayan & Abbott (2001) §5.4.
public struct SinusoidalLIFKernel: Kernel {
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("C", .capacitance, 200, .positive, "membrane capacitance"),
        ParameterSpec("g_l", .conductance, 10, .positive, "leak conductance"),
        ParameterSpec("u_rest", .voltage, -65, .finite, "resting potential"),
        ParameterSpec("I0", .current, 50, .finite, "constant current"),
        ParameterSpec("I1", .current, 100, .finite, "sinusoid amplitude"),
        ParameterSpec("f", .frequency, 10, .nonNegative, "sinusoid frequency"),
        ParameterSpec("phi", .angle, 0, .finite, "phase at t = 0"),
        ParameterSpec("u0", .voltage, -65, .finite, "potential at t = 0"),
    ]

    public let capacitance: Double
    public let leak: Double
    public let rest: Double
    public let constantCurrent: Double
    public let amplitude: Double
    /// Angular frequency in rad/ms.
    public let omega: Double
    public let phase: Double
    public let initial: Double

    init(_ p: ParameterValues) {
        capacitance = p["C"]
        leak = p["g_l"]
        rest = p["u_rest"]
        constantCurrent = p["I0"]
        amplitude = p["I1"]
        omega = 2 * Double.pi * p["f"] / 1000
        phase = p["phi"]
        initial = p["u0"]
    }

    public func value(at t: Double) -> Double {
        guard t > 0 else { return initial }
        let tau = capacitance / leak
        let wt = omega * tau
        let a = amplitude / (leak * (1 + wt * wt))
        let b = -wt * a
        let charge = -expm1(-t / tau)  // 1 − e^(−t/τ)
        let half = 0.5 * omega * t
        let sinHalf = sin(half)
        // sin(ωt+φ) − sin φ·e^(−t/τ) = 2cos(ωt/2+φ)sin(ωt/2) + sin φ(1 − e^(−t/τ)); cos likewise.
        let sinBracket = 2 * cos(half + phase) * sinHalf + sin(phase) * charge
        let cosBracket = -2 * sin(half + phase) * sinHalf + cos(phase) * charge
        let v = (constantCurrent / leak) * charge + a * sinBracket + b * cosBracket + (initial - rest) * exp(-t / tau)
        return rest + v
    }

    public var peak: Peak? { nil }

    public static let entry = KernelEntry(
        name: "lif-sine",
        summary: "passive LIF under I₀ + I₁·sin(2πft + φ): transient plus phase-shifted sinusoid",
        formula:
            "u − u_rest = (I₀/g_l)(1 − e^(−t/τ)) + A[sin(ωt+φ) − sin φ·e^(−t/τ)] + B[cos(ωt+φ) "
            + "− cos φ·e^(−t/τ)] + (u₀ − u_rest)e^(−t/τ),  A = I₁/(g_l(1+ω²τ²)), B = −ωτA",
        source: "beyond the seeds: a non-autonomous oracle",
        output: ("u", "mV"), parameters: parameters, acceptsSpikes: false,
        samplePoints: [0, 5, 12.5, 25, 50, 75, 100, 200],
        construct: { p, _ in SinusoidalLIFKernel(p) }
    )
}
