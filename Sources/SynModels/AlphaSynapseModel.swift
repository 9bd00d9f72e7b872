import SynIntegrators
import SynKernels
import SynVerifyGSL

/// Alpha synapse in Brian2's two-variable form: dg/dt = (x − g)/τ, dx/dt = −x/τ, x += w.
/// Closed form: g = w·(t/τ)·e^(−t/τ) (`AlphaKernel`, Brian2 normalisation), x = w·e^(−t/τ).
/// Units: g, x, w nS; τ ms.
/// Reference: second seed Exercise 2 (corrected ODE).
public struct AlphaSynapseModel: VerifiableModel {
    public let w: Double
    public let tau: Double
    public let spikeTimes: [Double]
    let closedForm: AlphaKernel
    let decay: ExponentialKernel

    public static let parameters: [ParameterSpec] = AlphaKernel.brian2Parameters

    init(_ p: ParameterValues, _ spikes: [Double]) throws(InputError) {
        w = p["w"]
        tau = p["tau"]
        spikeTimes = spikes
        closedForm = try AlphaKernel(normalisation: .brian2, amplitude: w, tau: tau, spikes: spikes)
        decay = try ExponentialKernel(gBar: w, tau: tau, spikes: spikes)
    }

    public var variables: [StateVariable] { [StateVariable("g", "nS"), StateVariable("x", "nS")] }
    public var initialState: [Double] { [0, 0] }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        dydt[0] = (y[1] - y[0]) / tau
        dydt[1] = -y[1] / tau
    }

    public var hasJacobian: Bool { true }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        dfdy[0] = -1 / tau
        dfdy[1] = 1 / tau
        dfdy[2] = 0
        dfdy[3] = -1 / tau
        dfdt[0] = 0
        dfdt[1] = 0
    }

    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) { y[1] += w }

    public func linearCoefficients(
        _ t: Double, _ y: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>
    ) -> Bool {
        a[0] = -1 / tau
        b[0] = y[1] / tau
        a[1] = -1 / tau
        b[1] = 0
        return true
    }

    public var linearSystem: LinearSystem? {
        LinearSystem(matrix: [-1 / tau, 1 / tau, 0, -1 / tau], offset: [0, 0])
    }

    public func exactState(at t: Double) -> [Double?] { [closedForm.value(at: t), decay.value(at: t)] }

    public var analyticPeak: Peak? { closedForm.peak }

    public static let entry = ModelEntry(
        name: "alpha", summary: "alpha synapse, Brian2 two-variable form",
        equations: "dg/dt = (x − g)/τ;  dx/dt = −x/τ;  on spike: x += w",
        latex:
            "\\frac{dg}{dt} = \\frac{x - g}{\\tau}, \\quad \\frac{dx}{dt} = -\\frac{x}{\\tau}, "
            + "\\qquad x \\leftarrow x + w \\text{ at each spike}",
        source: "second seed Exercise 2 (corrected)",
        variables: [StateVariable("g", "nS"), StateVariable("x", "nS")], parameters: parameters, acceptsSpikes: true,
        defaultSpikes: [0], defaultEndTime: 100,
        construct: { p, s throws(InputError) in try AlphaSynapseModel(p, s) }
    )
}
