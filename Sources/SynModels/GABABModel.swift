import SynIntegrators
import SynKernels
import SynVerifyGSL

/// GABA_B cascade as an ODE: dG/dt = k₁R − k₂G, dR/dt = k₃[T](t)(1 − R) − k₄R, s = G⁴/(G⁴ + K_d),
/// with square transmitter pulses (breakpoints at every edge). State order (G, R): G is what is
/// verified. Closed form: `GABABKernel`. Units as there.
/// Reference: first seed §2.1.1 GABA_B Synapse (BrainPy GABAb1).
public struct GABABModel: VerifiableModel {
    public let spikeTimes: [Double]
    let kernel: GABABKernel
    let k1: Double, k2: Double, k3: Double, k4: Double, transmitter: Double

    init(_ p: ParameterValues, _ spikes: [Double]) throws(InputError) {
        spikeTimes = spikes
        kernel = try GABABKernel(spikes: spikes, overrides: p.entries.map { ($0.name, $0.value) })
        k1 = p["k1"]
        k2 = p["k2"]
        k3 = p["k3"]
        k4 = p["k4"]
        transmitter = p["T"]
    }

    public var variables: [StateVariable] { [StateVariable("G", "1"), StateVariable("R", "1")] }
    public var initialState: [Double] { [0, 0] }
    public var breakpoints: [Double] { kernel.receptor.switchTimes }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        let on = kernel.receptor.transmitterOn(at: t) ? transmitter : 0
        dydt[0] = k1 * y[1] - k2 * y[0]
        dydt[1] = k3 * on * (1 - y[1]) - k4 * y[1]
    }

    public var hasJacobian: Bool { true }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        let on = kernel.receptor.transmitterOn(at: t) ? transmitter : 0
        dfdy[0] = -k2
        dfdy[1] = k1
        dfdy[2] = 0
        dfdy[3] = -k3 * on - k4
        dfdt[0] = 0
        dfdt[1] = 0
    }

    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) {}

    public func linearCoefficients(
        _ t: Double, _ y: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>
    ) -> Bool {
        let on = kernel.receptor.transmitterOn(at: t) ? transmitter : 0
        a[0] = -k2
        b[0] = k1 * y[1]
        a[1] = -k3 * on - k4
        b[1] = k3 * on
        return true
    }

    public func exactState(at t: Double) -> [Double?] { [kernel.gProtein(at: t), kernel.receptor.gating(at: t)] }
    public var analyticPeak: Peak? {
        kernel.peak.map { Peak(time: $0.time, value: kernel.gProtein(at: $0.time)) }
    }

    public static let entry = ModelEntry(
        name: "gabab", summary: "GABA_B cascade (G, R) with square transmitter pulses; s = G⁴/(G⁴ + K_d)",
        equations: "dG/dt = k₁R − k₂G;  dR/dt = k₃[T](1 − R) − k₄R;  s = G⁴/(G⁴ + K_d)",
        latex:
            "\\frac{dG}{dt} = k_1 R - k_2 G, \\quad \\frac{dR}{dt} = k_3 [T] (1 - R) - k_4 R, "
            + "\\quad s = \\frac{G^4}{G^4 + K_d}",
        source: "first seed §2.1.1 GABA_B Synapse (BrainPy defaults)",
        variables: [StateVariable("G", "1"), StateVariable("R", "1")], parameters: GABABKernel.parameters,
        acceptsSpikes: true,
        defaultSpikes: [0, 0.1, 10, 20], defaultEndTime: 1000,
        construct: { p, s throws(InputError) in try GABABModel(p, s) }
    )
}
