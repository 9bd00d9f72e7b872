import SynIntegrators
import SynKernels
import SynVerifyGSL

/// Exponential synapse: dg/dt = −g/τ, g += w at each presynaptic spike.
/// Closed form: `ExponentialKernel` (g̅ = w). Units: g, w nS; τ ms.
/// Reference: Brian2 `dg/dt = -g/tau`, `on_pre='g += w'` (second seed, Exercise 2).
public struct ExponentialSynapseModel: VerifiableModel {
    public let w: Double
    public let tau: Double
    public let spikeTimes: [Double]
    let closedForm: ExponentialKernel

    public static let parameters: [ParameterSpec] = [
        ParameterSpec("w", .conductance, 5, .nonNegative, "jump of g per spike"),
        ParameterSpec("tau", .time, 2, .positive, "decay time constant"),
    ]

    init(_ p: ParameterValues, _ spikes: [Double]) throws(InputError) {
        w = p["w"]
        tau = p["tau"]
        spikeTimes = spikes
        closedForm = try ExponentialKernel(gBar: w, tau: tau, spikes: spikes)
    }

    public var variables: [StateVariable] { [StateVariable("g", "nS")] }
    public var initialState: [Double] { [0] }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        dydt[0] = -y[0] / tau
    }

    public var hasJacobian: Bool { true }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        dfdy[0] = -1 / tau
        dfdt[0] = 0
    }

    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) { y[0] += w }

    public func linearCoefficients(
        _ t: Double, _ y: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>
    ) -> Bool {
        a[0] = -1 / tau
        b[0] = 0
        return true
    }

    public var linearSystem: LinearSystem? { LinearSystem(matrix: [-1 / tau], offset: [0]) }

    public func exactState(at t: Double) -> [Double?] { [closedForm.value(at: t)] }

    public var analyticPeak: Peak? { closedForm.peak }

    public static let entry = ModelEntry(
        name: "exp", summary: "exponential synapse g += w, dg/dt = −g/τ",
        equations: "dg/dt = −g/τ;  on spike: g += w",
        latex: "\\frac{dg}{dt} = -\\frac{g}{\\tau}, \\qquad g \\leftarrow g + w \\text{ at each spike}",
        source: "second seed Exercise 2; first seed (3)",
        variables: [StateVariable("g", "nS")], parameters: parameters, acceptsSpikes: true,
        defaultSpikes: [0], defaultEndTime: 50,
        construct: { p, s throws(InputError) in try ExponentialSynapseModel(p, s) }
    )
}
