import SynIntegrators
import SynKernels
import SynVerifyGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// BrainPy's alpha synapse as an ODE: ds/dt = x, dx/dt = −2x/τ − s/τ², x += 1 per spike.
/// Closed form: s = t·e^(−t/τ) (ms), x = ds/dt = (1 − t/τ)·e^(−t/τ) (`AlphaKernel`, BrainPy
/// normalisation). Units: τ, s ms; x dimensionless.
/// Reference: first seed §2.1.1 (2) Alpha synapse.
public struct BrainPyAlphaModel: VerifiableModel {
    public let tau: Double
    public let spikeTimes: [Double]
    let closedForm: AlphaKernel

    init(_ p: ParameterValues, _ spikes: [Double]) throws(InputError) {
        tau = p["tau"]
        spikeTimes = spikes
        closedForm = try AlphaKernel(normalisation: .brainpy, tau: tau, spikes: spikes)
    }

    public var variables: [StateVariable] { [StateVariable("s", "ms"), StateVariable("x", "1")] }
    public var initialState: [Double] { [0, 0] }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        dydt[0] = y[1]
        dydt[1] = -2 * y[1] / tau - y[0] / (tau * tau)
    }

    public var hasJacobian: Bool { true }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        dfdy[0] = 0
        dfdy[1] = 1
        dfdy[2] = -1 / (tau * tau)
        dfdy[3] = -2 / tau
        dfdt[0] = 0
        dfdt[1] = 0
    }

    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) { y[1] += 1 }

    public func linearCoefficients(
        _ t: Double, _ y: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>
    ) -> Bool {
        a[0] = 0
        b[0] = y[1]
        a[1] = -2 / tau
        b[1] = -y[0] / (tau * tau)
        return true
    }

    public var linearSystem: LinearSystem? {
        LinearSystem(matrix: [0, 1, -1 / (tau * tau), -2 / tau], offset: [0, 0])
    }

    public func exactState(at t: Double) -> [Double?] { [closedForm.value(at: t), nil] }
    public var analyticPeak: Peak? { closedForm.peak }

    public static let entry = ModelEntry(
        name: "alpha-brainpy", summary: "alpha synapse, BrainPy form (s, x)",
        equations: "ds/dt = x;  dx/dt = −2x/τ − s/τ²;  on spike: x += 1",
        source: "first seed §2.1.1 (2) Alpha synapse",
        variables: [StateVariable("s", "ms"), StateVariable("x", "1")],
        parameters: AlphaKernel.brainpyParameters, acceptsSpikes: true, defaultSpikes: [0], defaultEndTime: 100,
        construct: { p, s throws(InputError) in try BrainPyAlphaModel(p, s) }
    )
}
