import SynIntegrators
import SynKernels
import SynVerifyGSL

/// Two passive cells coupled by a gap junction with a current step into cell 0 (0 to t_off):
/// C·dV₀/dt = g_l(u_rest − V₀) + w(V₁ − V₀) + I(t), C·dV₁/dt = g_l(u_rest − V₁) + w(V₀ − V₁).
/// State order (V₁, V₀): the partner cell is verified. Closed form: `GapJunctionKernel`.
/// Units: C pF, g_l and w nS, I pA, V mV. Reference: first seed §2.1.2.
public struct GapJunctionModel: VerifiableModel {
    let partner: GapJunctionKernel
    let injected: GapJunctionKernel
    let capacitance: Double, leak: Double, rest: Double, coupling: Double, current: Double, stepEnd: Double

    init(_ p: ParameterValues) throws(InputError) {
        var overrides = p.entries.map { ($0.name, $0.value) }
        overrides.removeAll { $0.0 == "cell" }
        partner = try KernelCatalog.entry(named: "gap").make(overrides: overrides + [("cell", 1)]) as! GapJunctionKernel
        injected =
            try KernelCatalog.entry(named: "gap").make(overrides: overrides + [("cell", 0)]) as! GapJunctionKernel
        capacitance = p["C"]
        leak = p["g_l"]
        rest = p["u_rest"]
        coupling = p["w"]
        current = p["I"]
        stepEnd = p["t_off"]
    }

    public var variables: [StateVariable] { [StateVariable("V1", "mV"), StateVariable("V0", "mV")] }
    public var initialState: [Double] { [rest + partner.initialPartner, rest + partner.initialInjected] }
    public var spikeTimes: [Double] { [] }
    public var breakpoints: [Double] { [stepEnd] }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        let i = t < stepEnd ? current : 0
        dydt[0] = (leak * (rest - y[0]) + coupling * (y[1] - y[0])) / capacitance
        dydt[1] = (leak * (rest - y[1]) + coupling * (y[0] - y[1]) + i) / capacitance
    }

    public var hasJacobian: Bool { true }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        dfdy[0] = -(leak + coupling) / capacitance
        dfdy[1] = coupling / capacitance
        dfdy[2] = coupling / capacitance
        dfdy[3] = -(leak + coupling) / capacitance
        dfdt[0] = 0
        dfdt[1] = 0
    }

    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) {}

    public func linearCoefficients(
        _ t: Double, _ y: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>
    ) -> Bool {
        let i = t < stepEnd ? current : 0
        a[0] = -(leak + coupling) / capacitance
        b[0] = (leak * rest + coupling * y[1]) / capacitance
        a[1] = -(leak + coupling) / capacitance
        b[1] = (leak * rest + coupling * y[0] + i) / capacitance
        return true
    }

    public func exactState(at t: Double) -> [Double?] { [partner.value(at: t), injected.value(at: t)] }
    public var analyticPeak: Peak? { partner.peak }

    public static let entry = ModelEntry(
        name: "gap", summary: "two passive cells and a gap junction, current step into cell 0; V₁ verified",
        equations: "C·dV₀/dt = g_l(u_rest − V₀) + w(V₁ − V₀) + I(t);  C·dV₁/dt = g_l(u_rest − V₁) + w(V₀ − V₁)",
        source: "first seed §2.1.2 Electrical Synapses",
        variables: [StateVariable("V1", "mV"), StateVariable("V0", "mV")],
        parameters: GapJunctionKernel.parameters.filter { $0.name != "cell" }, acceptsSpikes: false,
        defaultSpikes: [], defaultEndTime: 300,
        construct: { p, _ throws(InputError) in try GapJunctionModel(p) }
    )
}
