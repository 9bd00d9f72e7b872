import SynIntegrators
import SynKernels
import SynVerifyGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The second seed's Exercise 3: an NMDA synapse (Brian2 peak-normalised dual exponential) with
/// the Brian2 Mg²⁺ block, driving a LIF below threshold:
///   C·du/dt = g_l(u_rest − u) + g·B(u)·(E − u),  B(u) = 1/(1 + [Mg]/3.57 mM·e^(−u/16.3 mV)),
///   dg/dt = (k·x − g)/τ1,  dx/dt = −x/τ2,  x += w at each spike.
/// No closed form (B depends on u): verified against a reference solve. With the seed's values
/// (g_l = 10 µS, C = 200 pF) τ_m = 0.02 ms against τ2 = 60 ms: stiff. State order (u, g, x).
/// Units: C pF, conductances nS, u mV, τ ms, [Mg] mM.
public struct NMDALIFModel: VerifiableModel {
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("C", .capacitance, 200, .positive, "membrane capacitance (Exercise 3: 200 pF)"),
        ParameterSpec("g_l", .conductance, 10_000, .positive, "leak conductance (Exercise 3: 10 µS)"),
        ParameterSpec("u_rest", .voltage, -65, .finite, "resting potential (Exercise 3: −65 mV)"),
        ParameterSpec("E", .voltage, 0, .finite, "NMDA reversal potential (Exercise 3: 0 mV)"),
        ParameterSpec("w", .conductance, 100_000, .nonNegative, "peak NMDA conductance g_syn_max (Exercise 3: 100 µS)"),
        ParameterSpec("tau1", .time, 8, .positive, "rise time constant (Exercise 3: 8 ms)"),
        ParameterSpec("tau2", .time, 60, .positive, "decay time constant (Exercise 3: 60 ms)"),
        ParameterSpec("Mg", .concentration, 1, .nonNegative, "extracellular Mg²⁺ (Exercise 3: 1 mM)"),
    ]

    public let spikeTimes: [Double]
    let c: Double, gl: Double, rest: Double, reversal: Double, w: Double, tau1: Double, tau2: Double, mg: Double,
        k: Double

    init(_ p: ParameterValues, _ spikes: [Double]) {
        spikeTimes = spikes
        c = p["C"]
        gl = p["g_l"]
        rest = p["u_rest"]
        reversal = p["E"]
        w = p["w"]
        tau1 = p["tau1"]
        tau2 = p["tau2"]
        mg = p["Mg"]
        let r = (tau2 - tau1) / tau1
        k = tau1 == tau2 ? exp(1.0) : exp(log1p(r) / r)
    }

    public var variables: [StateVariable] {
        [StateVariable("u", "mV"), StateVariable("g", "nS"), StateVariable("x", "nS")]
    }
    public var initialState: [Double] { [rest, 0, 0] }
    public var needsNumericReference: Bool { true }

    @inline(__always)
    func block(_ u: Double) -> Double { 1 / (1 + mg / 3.57 * exp(-u / 16.3)) }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        dydt[0] = (gl * (rest - y[0]) + y[1] * block(y[0]) * (reversal - y[0])) / c
        dydt[1] = (k * y[2] - y[1]) / tau1
        dydt[2] = -y[2] / tau2
    }

    public var hasJacobian: Bool { true }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        let b = block(y[0])
        let db = b * b * (mg / 3.57) * exp(-y[0] / 16.3) / 16.3  // dB/du
        dfdy[0] = (-gl + y[1] * (db * (reversal - y[0]) - b)) / c
        dfdy[1] = b * (reversal - y[0]) / c
        dfdy[2] = 0
        dfdy[3] = 0
        dfdy[4] = -1 / tau1
        dfdy[5] = k / tau1
        dfdy[6] = 0
        dfdy[7] = 0
        dfdy[8] = -1 / tau2
        dfdt[0] = 0
        dfdt[1] = 0
        dfdt[2] = 0
    }

    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) { y[2] += w }

    public func exactState(at t: Double) -> [Double?] { [nil, nil, nil] }

    public static let entry = ModelEntry(
        name: "lif-nmda", summary: "NMDA synapse with Mg²⁺ block driving a LIF (Exercise 3); reference solve",
        equations: "C·du/dt = g_l(u_rest − u) + g·B(u)(E − u);  dg/dt = (k·x − g)/τ1;  dx/dt = −x/τ2;  x += w",
        source: "second seed Exercise 3 (Brian2 solution)",
        variables: [StateVariable("u", "mV"), StateVariable("g", "nS"), StateVariable("x", "nS")],
        parameters: parameters, acceptsSpikes: true, defaultSpikes: [100], defaultEndTime: 500,
        construct: { p, s throws(InputError) in NMDALIFModel(p, s) }
    )
}
