import SynIntegrators
import SynKernels
import SynVerifyGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// BrainPy's NMDA gating kinetics (nonlinear: the product x·s):
///   ds/dt = −s/τ_d + a·x·(1 − s),  dx/dt = −x/τ_r,  x += 1 per spike.
/// Closed form for s: the incomplete-gamma solution of `NMDAKernel` (its gating, g_max·B(V) = 1);
/// x = Σ e^(−(t − t_k)/τ_r). Units: τ ms, a 1/ms; s, x dimensionless.
/// Reference: first seed §2.1.1 NMDA Synapse.
public struct NMDAKineticsModel: VerifiableModel {
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("tau_decay", .time, 100, .positive, "decay time constant of s"),
        ParameterSpec("tau_rise", .time, 2, .positive, "decay time constant of x"),
        ParameterSpec("a", .perTime, 0.5, .positive, "coupling of x into s"),
    ]

    public let tauDecay: Double, tauRise: Double, a: Double
    public let spikeTimes: [Double]
    let closedForm: any Kernel
    let rise: ExponentialKernel

    init(_ p: ParameterValues, _ spikes: [Double]) throws(InputError) {
        tauDecay = p["tau_decay"]
        tauRise = p["tau_rise"]
        a = p["a"]
        spikeTimes = spikes
        // g = g_max·B(V)·s with g_max = 1 and no block (c_Mg = 0) is s itself.
        closedForm = try KernelCatalog.entry(named: "nmda").make(
            overrides: [("g_max", 1), ("cc_Mg", 0), ("tau_decay", tauDecay), ("tau_rise", tauRise), ("a", a)],
            spikes: spikes)
        rise = try ExponentialKernel(gBar: 1, tau: tauRise, spikes: spikes)
    }

    public var variables: [StateVariable] { [StateVariable("s", "1"), StateVariable("x", "1")] }
    public var initialState: [Double] { [0, 0] }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        dydt[0] = -y[0] / tauDecay + a * y[1] * (1 - y[0])
        dydt[1] = -y[1] / tauRise
    }

    public var hasJacobian: Bool { true }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        dfdy[0] = -1 / tauDecay - a * y[1]
        dfdy[1] = a * (1 - y[0])
        dfdy[2] = 0
        dfdy[3] = -1 / tauRise
        dfdt[0] = 0
        dfdt[1] = 0
    }

    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) { y[1] += 1 }

    public func linearCoefficients(
        _ t: Double, _ y: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>
    ) -> Bool {
        a[0] = -1 / tauDecay - self.a * y[1]
        b[0] = self.a * y[1]
        a[1] = -1 / tauRise
        b[1] = 0
        return true
    }

    public func exactState(at t: Double) -> [Double?] { [closedForm.value(at: t), rise.value(at: t)] }

    public var analyticPeak: Peak? { closedForm.peak }

    public static let entry = ModelEntry(
        name: "nmda-kinetics", summary: "BrainPy NMDA gating s/x (nonlinear), no Mg block",
        equations: "ds/dt = −s/τ_d + a·x·(1 − s);  dx/dt = −x/τ_r;  on spike: x += 1",
        latex:
            "\\frac{ds}{dt} = -\\frac{s}{\\tau_d} + a x (1 - s), \\quad \\frac{dx}{dt} = -\\frac{x}{\\tau_r}, "
            + "\\qquad x \\leftarrow x + 1 \\text{ at each spike}",
        source: "first seed §2.1.1 NMDA Synapse",
        variables: [StateVariable("s", "1"), StateVariable("x", "1")], parameters: parameters, acceptsSpikes: true,
        defaultSpikes: [0], defaultEndTime: 500,
        construct: { p, s throws(InputError) in try NMDAKineticsModel(p, s) }
    )
}
