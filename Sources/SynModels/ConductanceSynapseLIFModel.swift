import SynIntegrators
import SynKernels
import SynVerifyGSL

/// A conductance-based exponential synapse driving a passive LIF, the first seed's
/// I = g̅·s·(E − V) against the current-based I = w·s of `psp`:
///   C·du/dt = g_l(u_rest − u) + g·(E − u),  dg/dt = −g/τ_s,  g += w.
/// The driving force shrinks as u approaches E, so the PSP is sublinear in w (saturation):
/// no elementary closed form; verified against a reference solve. State order (u, g).
/// Units: C pF, conductances nS, potentials mV, τ ms.
public struct ConductanceSynapseLIFModel: VerifiableModel {
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("C", .capacitance, 200, .positive, "membrane capacitance"),
        ParameterSpec("g_l", .conductance, 10, .positive, "leak conductance"),
        ParameterSpec("u_rest", .voltage, -65, .finite, "resting potential"),
        ParameterSpec("E", .voltage, 0, .finite, "synaptic reversal potential (AMPA: 0 mV)"),
        ParameterSpec("w", .conductance, 5, .nonNegative, "conductance jump per spike"),
        ParameterSpec("tau_s", .time, 2, .positive, "synaptic decay time constant"),
    ]

    public let spikeTimes: [Double]
    let c: Double, gl: Double, rest: Double, reversal: Double, w: Double, tauS: Double

    init(_ p: ParameterValues, _ spikes: [Double]) {
        spikeTimes = spikes
        c = p["C"]
        gl = p["g_l"]
        rest = p["u_rest"]
        reversal = p["E"]
        w = p["w"]
        tauS = p["tau_s"]
    }

    public var variables: [StateVariable] { [StateVariable("u", "mV"), StateVariable("g", "nS")] }
    public var initialState: [Double] { [rest, 0] }
    public var needsNumericReference: Bool { true }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        dydt[0] = (gl * (rest - y[0]) + y[1] * (reversal - y[0])) / c
        dydt[1] = -y[1] / tauS
    }

    public var hasJacobian: Bool { true }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        dfdy[0] = -(gl + y[1]) / c
        dfdy[1] = (reversal - y[0]) / c
        dfdy[2] = 0
        dfdy[3] = -1 / tauS
        dfdt[0] = 0
        dfdt[1] = 0
    }

    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) { y[1] += w }

    public func linearCoefficients(
        _ t: Double, _ y: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>
    ) -> Bool {
        a[0] = -(gl + y[1]) / c
        b[0] = (gl * rest + y[1] * reversal) / c
        a[1] = -1 / tauS
        b[1] = 0
        return true
    }

    public func exactState(at t: Double) -> [Double?] { [nil, nil] }

    public static let entry = ModelEntry(
        name: "lif-cond-synapse",
        summary: "conductance-based exponential synapse driving a passive LIF; reference solve",
        equations: "C·du/dt = g_l(u_rest − u) + g(E − u);  dg/dt = −g/τ_s;  on spike: g += w",
        source: "first seed §2.1.1 conductance-based synapses (I = g̅·s·(E − V))",
        variables: [StateVariable("u", "mV"), StateVariable("g", "nS")], parameters: parameters, acceptsSpikes: true,
        defaultSpikes: [0, 5, 10], defaultEndTime: 100,
        construct: { p, s throws(InputError) in ConductanceSynapseLIFModel(p, s) }
    )
}
