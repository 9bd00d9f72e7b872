import SynIntegrators
import SynKernels
import SynVerifyGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The second seed's Exercise 1: one passive neuron receiving GABA_A (alpha, 10 ms), GABA_B
/// (dual exponential, 100 ms), AMPA (exponential, 500 ms) and NMDA (dual exponential with Mg²⁺
/// block, 700 ms), the conductances as explicit functions of time as in the seed:
///   C·du/dt = Σ g_i(t − t_i)(E_i − u)·[B(u) for NMDA] + g_l(u_rest − u).
/// The right-hand side has kinks at the spike times (breakpoints). No closed form: verified
/// against a reference solve. Units: C pF, conductances nS, potentials mV, times ms.
public struct ExerciseOneNeuronModel: VerifiableModel {
    let gabaa: AlphaKernel, gabab: DualExponentialKernel, ampa: ExponentialKernel, nmda: DualExponentialKernel
    let c: Double, gl: Double, rest: Double

    init() throws(InputError) {
        gabaa = try AlphaKernel(normalisation: .textbook, amplitude: 18, tau: 1, spikes: [10])
        // Seed: g̅·τ1τ2/(τ1 − τ2)·(e^(−t/τ1) − e^(−t/τ2)) with g̅ = 0.05, τ1 = 40, τ2 = 200.
        gabab = try DualExponentialKernel(normalisation: .brainpy, w: 0.05, tau1: 40, tau2: 200, spikes: [100])
        ampa = try ExponentialKernel(gBar: 5, tau: 2, spikes: [500])
        nmda = try DualExponentialKernel(normalisation: .brainpy, w: 2, tau1: 8, tau2: 60, spikes: [700])
        c = 200
        gl = 10
        rest = -65
    }

    public var variables: [StateVariable] { [StateVariable("u", "mV")] }
    public var initialState: [Double] { [rest] }
    public var spikeTimes: [Double] { [] }
    public var breakpoints: [Double] { [10, 100, 500, 700] }
    public var needsNumericReference: Bool { true }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        let u = y[0]
        let block = 1 / (1 + (1 / 3.57) * exp(-0.062 * u) * 1.2)
        let current =
            gabaa.value(at: t) * (-75 - u) + gabab.value(at: t) * (-90 - u)
            + ampa.value(at: t) * (0 - u) + nmda.value(at: t) * block * (0 - u)
        dydt[0] = (current + gl * (rest - u)) / c
    }

    /// ∂f/∂u and ∂f/∂t by hand: with B(u) = 1/(1 + (1.2/3.57)e^(−0.062u)),
    /// B′(u) = 0.062·B²·(1.2/3.57)·e^(−0.062u);
    /// C·∂f/∂u = −g_A − g_B − g_AMPA − g_N·(B + u·B′) − g_l;
    /// C·∂f/∂t = ġ_A(−75 − u) + ġ_B(−90 − u) + ġ_AMPA(−u) + ġ_N·B·(−u), with the kernels'
    /// time derivatives: alpha (g̅/τ)e^(−s/τ)(1 − s/τ); exponential −g/τ; dual exponential
    /// w·(τ1e^(−s/τ2) − τ2e^(−s/τ1))/(τ1 − τ2) (s = t − t_spike ≥ 0, else 0).
    public var hasJacobian: Bool { true }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        let u = y[0]
        let e = (1.2 / 3.57) * exp(-0.062 * u)
        let block = 1 / (1 + e)
        let blockSlope = 0.062 * block * block * e
        let gA = gabaa.value(at: t)
        let gB = gabab.value(at: t)
        let gAMPA = ampa.value(at: t)
        let gN = nmda.value(at: t)
        dfdy[0] = (-gA - gB - gAMPA - gN * (block + u * blockSlope) - gl) / c
        func alphaRate(_ s: Double) -> Double { s < 0 ? 0 : (18.0 / 1) * exp(-s) * (1 - s) }
        func dualRate(_ s: Double, _ w: Double, _ tau1: Double, _ tau2: Double) -> Double {
            s < 0 ? 0 : w * (tau1 * exp(-s / tau2) - tau2 * exp(-s / tau1)) / (tau1 - tau2)
        }
        let ampaRate = t < 500 ? 0 : -gAMPA / 2
        dfdt[0] =
            (alphaRate(t - 10) * (-75 - u) + dualRate(t - 100, 0.05, 40, 200) * (-90 - u)
                + ampaRate * (0 - u) + dualRate(t - 700, 2, 8, 60) * block * (0 - u)) / c
    }

    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) {}

    public func exactState(at t: Double) -> [Double?] { [nil] }

    public static let entry = ModelEntry(
        name: "exercise1", summary: "Exercise 1 neuron: GABA_A, GABA_B, AMPA and NMDA inputs; reference solve",
        equations: "C·du/dt = Σ g_i(t)(E_i − u) + g_l(u_rest − u), NMDA × B(u)",
        source: "second seed Exercise 1",
        variables: [StateVariable("u", "mV")], parameters: [], acceptsSpikes: false,
        defaultSpikes: [], defaultEndTime: 1000,
        construct: { _, _ throws(InputError) in try ExerciseOneNeuronModel() }
    )
}
