#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SynIntegrators
import SynKernels
import SynVerifyGSL

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
        c = 200; gl = 10; rest = -65
    }

    public var variables: [StateVariable] { [StateVariable("u", "mV")] }
    public var initialState: [Double] { [rest] }
    public var spikeTimes: [Double] { [] }
    public var breakpoints: [Double] { [10, 100, 500, 700] }
    public var needsNumericReference: Bool { true }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>) throws(ODEFunctionError) {
        let u = y[0]
        let block = 1 / (1 + (1 / 3.57) * exp(-0.062 * u) * 1.2)
        let current = gabaa.value(at: t) * (-75 - u) + gabab.value(at: t) * (-90 - u)
            + ampa.value(at: t) * (0 - u) + nmda.value(at: t) * block * (0 - u)
        dydt[0] = (current + gl * (rest - u)) / c
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
