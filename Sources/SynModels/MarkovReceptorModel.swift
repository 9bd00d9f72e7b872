import SynIntegrators
import SynKernels
import SynVerifyGSL

/// AMPA or GABA_A receptor gating as an ODE with square transmitter pulses:
/// ds/dt = α[T](t)(1 − s) − β·s, [T] = T during T_dur after each spike (restarted by a spike
/// inside a pulse). The right-hand side is discontinuous at every pulse edge, which integration
/// stops at exactly (breakpoints). Closed form: `PulsedMarkovKinetics`. Units: α 1/(mM·ms),
/// β 1/ms, T mM, T_dur ms; s dimensionless.
/// Reference: first seed §2.1.1 AMPA Synapse; Destexhe et al. (1994).
public struct MarkovReceptorModel: VerifiableModel {
    public let spikeTimes: [Double]
    let kinetics: PulsedMarkovKinetics
    let closedForm: any Kernel
    let alpha: Double, beta: Double, transmitter: Double

    init(kernel name: String, _ p: ParameterValues, _ spikes: [Double]) throws(InputError) {
        spikeTimes = spikes
        let kernel = try KernelCatalog.entry(named: name).make(
            overrides: p.entries.map { ($0.name, $0.value) }, spikes: spikes)
        guard let receptor = kernel as? MarkovReceptorKernel else {
            throw .computationFailed(kernel: name, reason: "not a receptor kernel")
        }
        kinetics = receptor.kinetics
        closedForm = kernel
        alpha = p["alpha"]
        beta = p["beta"]
        transmitter = p["T"]
    }

    public var variables: [StateVariable] { [StateVariable("s", "1")] }
    public var initialState: [Double] { [0] }
    public var breakpoints: [Double] { kinetics.switchTimes }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        let on = kinetics.transmitterOn(at: t) ? transmitter : 0
        dydt[0] = alpha * on * (1 - y[0]) - beta * y[0]
    }

    public var hasJacobian: Bool { true }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        let on = kinetics.transmitterOn(at: t) ? transmitter : 0
        dfdy[0] = -alpha * on - beta
        dfdt[0] = 0
    }

    /// Spikes act through the pulse schedule, not by a jump of s.
    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) {}

    public func linearCoefficients(
        _ t: Double, _ y: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>
    ) -> Bool {
        let on = kinetics.transmitterOn(at: t) ? transmitter : 0
        a[0] = -alpha * on - beta
        b[0] = alpha * on
        return true
    }

    public func exactState(at t: Double) -> [Double?] { [closedForm.value(at: t)] }
    public var analyticPeak: Peak? { closedForm.peak }

    public static let ampaEntry = ModelEntry(
        name: "ampa", summary: "AMPA Markov kinetics with square transmitter pulses",
        equations: "ds/dt = α[T](1 − s) − β·s;  [T] = T for T_dur after each spike",
        latex:
            "\\frac{ds}{dt} = \\alpha [T] (1 - s) - \\beta s, \\qquad [T] = T \\text{ for } T_\\mathrm{dur} \\text{ "
            + "after each spike, else } 0",
        source: "first seed §2.1.1 AMPA Synapse (BrainPy defaults)",
        variables: [StateVariable("s", "1")], parameters: AMPAKernel.parameters, acceptsSpikes: true,
        defaultSpikes: [0, 0.3, 10], defaultEndTime: 50,
        construct: { p, s throws(InputError) in try MarkovReceptorModel(kernel: "ampa", p, s) }
    )

    public static let gabaaEntry = ModelEntry(
        name: "gabaa", summary: "GABA_A Markov kinetics with square transmitter pulses",
        equations: "ds/dt = α[T](1 − s) − β·s;  [T] = T for T_dur after each spike",
        latex:
            "\\frac{ds}{dt} = \\alpha [T] (1 - s) - \\beta s, \\qquad [T] = T \\text{ for } T_\\mathrm{dur} \\text{ "
            + "after each spike, else } 0",
        source: "first seed §2.1.1 (GABA_A, BrainPy defaults)",
        variables: [StateVariable("s", "1")], parameters: GABAAKernel.parameters, acceptsSpikes: true,
        defaultSpikes: [0, 20], defaultEndTime: 80,
        construct: { p, s throws(InputError) in try MarkovReceptorModel(kernel: "gabaa", p, s) }
    )
}
