import SynIntegrators
import SynKernels
import SynVerifyGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Passive membrane driven by I₀ + I₁·sin(2πft + φ): C·du/dt = g_l(u_rest − u) + I₀ + I₁·sin(ωt + φ).
/// Non-autonomous, smooth: a sharp oracle for convergence orders and for the stage times of a
/// Runge–Kutta tableau. Closed form: `SinusoidalLIFKernel`. Units as there.
public struct SinusoidalLIFModel: VerifiableModel {
    let closedForm: SinusoidalLIFKernel
    let capacitance: Double, leak: Double, rest: Double, i0: Double, i1: Double, omega: Double, phase: Double,
        initial: Double

    init(_ p: ParameterValues) throws(InputError) {
        closedForm =
            try KernelCatalog.entry(named: "lif-sine").make(overrides: p.entries.map { ($0.name, $0.value) })
            as! SinusoidalLIFKernel
        capacitance = p["C"]
        leak = p["g_l"]
        rest = p["u_rest"]
        i0 = p["I0"]
        i1 = p["I1"]
        omega = 2 * Double.pi * p["f"] / 1000
        phase = p["phi"]
        initial = p["u0"]
    }

    public var variables: [StateVariable] { [StateVariable("u", "mV")] }
    public var initialState: [Double] { [initial] }
    public var spikeTimes: [Double] { [] }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        dydt[0] = (leak * (rest - y[0]) + i0 + i1 * sin(omega * t + phase)) / capacitance
    }

    public var hasJacobian: Bool { true }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        dfdy[0] = -leak / capacitance
        dfdt[0] = i1 * omega * cos(omega * t + phase) / capacitance
    }

    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) {}

    public func linearCoefficients(
        _ t: Double, _ y: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>
    ) -> Bool {
        a[0] = -leak / capacitance
        b[0] = (leak * rest + i0 + i1 * sin(omega * t + phase)) / capacitance
        return true
    }

    public func exactState(at t: Double) -> [Double?] { [closedForm.value(at: t)] }

    public static let entry = ModelEntry(
        name: "lif-sine", summary: "passive membrane under a sinusoidal current (non-autonomous)",
        equations: "C·du/dt = g_l(u_rest − u) + I₀ + I₁·sin(2πf·t + φ)",
        source: "beyond the seeds",
        variables: [StateVariable("u", "mV")], parameters: SinusoidalLIFKernel.parameters, acceptsSpikes: false,
        defaultSpikes: [], defaultEndTime: 200,
        construct: { p, _ throws(InputError) in try SinusoidalLIFModel(p) }
    )
}
