import SynIntegrators
import SynKernels
import SynVerifyGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Current-based synapse driving a passive LIF (v = u − u_rest): the first seed's I = w·s.
///
/// - exponential current: C·dv/dt = −(C/τ_m)·v + I, dI/dt = −I/τ_s, I += w;
/// - alpha current: the same with I = (e/τ_s)·x·…, written as dI/dt = (z − I)/τ_s, dz/dt = −z/τ_s,
///   z += w·e (so that I peaks at w at τ_s after a spike).
/// Closed forms: `PostsynapticPotentialKernel` (with the τ_m = τ_s limits). Units: C pF, τ ms,
/// w and I pA, v mV. Reference: NEST iaf_psc_exp / iaf_psc_alpha; Rotter & Diesmann (1999).
public struct CurrentBasedPSPModel: VerifiableModel {
    public let spikeTimes: [Double]
    let closedForm: PostsynapticPotentialKernel
    let current: PostsynapticPotentialKernel.Current
    let capacitance: Double, tauM: Double, tauS: Double, w: Double

    init(_ current: PostsynapticPotentialKernel.Current, _ p: ParameterValues, _ spikes: [Double]) throws(InputError) {
        self.current = current
        spikeTimes = spikes
        closedForm = try PostsynapticPotentialKernel(
            current: current, overrides: p.entries.map { ($0.name, $0.value) }, spikes: spikes)
        capacitance = p["C"]
        tauM = p["tau_m"]
        tauS = p["tau_s"]
        w = p["w"]
    }

    public var variables: [StateVariable] {
        current == .exponential
            ? [StateVariable("v", "mV"), StateVariable("I", "pA")]
            : [StateVariable("v", "mV"), StateVariable("I", "pA"), StateVariable("z", "pA")]
    }
    public var initialState: [Double] { current == .exponential ? [0, 0] : [0, 0, 0] }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        dydt[0] = -y[0] / tauM + y[1] / capacitance
        switch current {
        case .exponential:
            dydt[1] = -y[1] / tauS
        case .alpha:
            dydt[1] = (y[2] - y[1]) / tauS
            dydt[2] = -y[2] / tauS
        }
    }

    public var hasJacobian: Bool { true }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        switch current {
        case .exponential:
            dfdy[0] = -1 / tauM
            dfdy[1] = 1 / capacitance
            dfdy[2] = 0
            dfdy[3] = -1 / tauS
            dfdt[0] = 0
            dfdt[1] = 0
        case .alpha:
            dfdy[0] = -1 / tauM
            dfdy[1] = 1 / capacitance
            dfdy[2] = 0
            dfdy[3] = 0
            dfdy[4] = -1 / tauS
            dfdy[5] = 1 / tauS
            dfdy[6] = 0
            dfdy[7] = 0
            dfdy[8] = -1 / tauS
            dfdt[0] = 0
            dfdt[1] = 0
            dfdt[2] = 0
        }
    }

    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) {
        switch current {
        case .exponential: y[1] += w
        case .alpha: y[2] += w * exp(1.0)
        }
    }

    public func linearCoefficients(
        _ t: Double, _ y: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>
    ) -> Bool {
        a[0] = -1 / tauM
        b[0] = y[1] / capacitance
        switch current {
        case .exponential:
            a[1] = -1 / tauS
            b[1] = 0
        case .alpha:
            a[1] = -1 / tauS
            b[1] = y[2] / tauS
            a[2] = -1 / tauS
            b[2] = 0
        }
        return true
    }

    public var linearSystem: LinearSystem? {
        switch current {
        case .exponential:
            return LinearSystem(matrix: [-1 / tauM, 1 / capacitance, 0, -1 / tauS], offset: [0, 0])
        case .alpha:
            return LinearSystem(
                matrix: [-1 / tauM, 1 / capacitance, 0, 0, -1 / tauS, 1 / tauS, 0, 0, -1 / tauS], offset: [0, 0, 0])
        }
    }

    public func exactState(at t: Double) -> [Double?] {
        [closedForm.value(at: t)] + Array(repeating: nil, count: current == .exponential ? 1 : 2)
    }
    public var analyticPeak: Peak? { closedForm.peak }

    public static let exponentialEntry = ModelEntry(
        name: "psp", summary: "current-based exponential synapse driving a passive LIF (PSP)",
        equations: "C·dv/dt = −(C/τ_m)·v + I;  dI/dt = −I/τ_s;  on spike: I += w",
        source: "first seed §2.1.1 current-based synapses; NEST iaf_psc_exp",
        variables: [StateVariable("v", "mV"), StateVariable("I", "pA")],
        parameters: PostsynapticPotentialKernel.parameters,
        acceptsSpikes: true, defaultSpikes: [0], defaultEndTime: 100,
        construct: { p, s throws(InputError) in try CurrentBasedPSPModel(.exponential, p, s) }
    )

    public static let alphaEntry = ModelEntry(
        name: "psp-alpha", summary: "current-based alpha synapse driving a passive LIF (PSP)",
        equations: "C·dv/dt = −(C/τ_m)·v + I;  dI/dt = (z − I)/τ_s;  dz/dt = −z/τ_s;  on spike: z += w·e",
        source: "first seed §2.1.1 current-based synapses; NEST iaf_psc_alpha",
        variables: [StateVariable("v", "mV"), StateVariable("I", "pA"), StateVariable("z", "pA")],
        parameters: PostsynapticPotentialKernel.parameters,
        acceptsSpikes: true, defaultSpikes: [0], defaultEndTime: 100,
        construct: { p, s throws(InputError) in try CurrentBasedPSPModel(.alpha, p, s) }
    )
}
