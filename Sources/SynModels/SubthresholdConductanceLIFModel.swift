import SynIntegrators
import SynKernels
import SynVerifyGSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The conductance LIF below threshold with constant conductances, as an ODE:
///   C·du/dt = g_l(u_rest − u) + g(E − u) + g_i(E_i − u) + I,
/// held against `ConductanceLIFKernel` (u∞, τ′). Two entries carry the second seed's settings:
/// saturation (Exercise 4: u_rest = I = 0, a large excitatory g) and shunting (Exercise 5:
/// E_i = u_rest = 0, a large g_i). Units: C pF, conductances nS, potentials mV, I pA.
public struct SubthresholdConductanceLIFModel: VerifiableModel {
    let closedForm: ConductanceLIFKernel

    init(_ p: ParameterValues) throws(InputError) {
        closedForm = try ConductanceLIFKernel(overrides: p.entries.map { ($0.name, $0.value) })
    }

    var c: Double { closedForm.capacitance }
    var totalConductance: Double { closedForm.inputConductance }
    var drive: Double {
        closedForm.leak * closedForm.rest + closedForm.conductance * closedForm.reversal
            + closedForm.inhibitory * closedForm.inhibitoryReversal + closedForm.current
    }

    public var variables: [StateVariable] { [StateVariable("u", "mV")] }
    public var initialState: [Double] { [closedForm.initial] }
    public var spikeTimes: [Double] { [] }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        dydt[0] = (drive - totalConductance * y[0]) / c
    }

    public var hasJacobian: Bool { true }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        dfdy[0] = -totalConductance / c
        dfdt[0] = 0
    }

    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) {}

    public func linearCoefficients(
        _ t: Double, _ y: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>
    ) -> Bool {
        a[0] = -totalConductance / c
        b[0] = drive / c
        return true
    }

    public var linearSystem: LinearSystem? { LinearSystem(matrix: [-totalConductance / c], offset: [drive / c]) }

    public func exactState(at t: Double) -> [Double?] { [closedForm.value(at: t)] }

    static func parameters(_ defaults: [String: Double]) -> [ParameterSpec] {
        ConductanceLIFKernel.parameters.map { spec in
            guard let value = defaults[spec.name] else { return spec }
            return ParameterSpec(spec.name, spec.dimension, value, spec.domain, spec.summary)
        }
    }

    public static let saturationEntry = ModelEntry(
        name: "lif-saturation", summary: "Exercise 4: synaptic saturation, u → g·E/(g + g_m) with τ′ = C/(g + g_m)",
        equations: "C·du/dt = g_l(u_rest − u) + g(E − u),  u_rest = I = 0",
        source: "second seed Exercise 4, Eqs. (9)–(13)",
        variables: [StateVariable("u", "mV")],
        parameters: parameters(["u_rest": 0, "u0": 0, "g": 100, "E": 65, "E_i": 0]), acceptsSpikes: false,
        defaultSpikes: [], defaultEndTime: 20,
        construct: { p, _ throws(InputError) in try SubthresholdConductanceLIFModel(p) }
    )

    public static let shuntingEntry = ModelEntry(
        name: "lif-shunting", summary: "Exercise 5: shunting inhibition, u → g_e·E_e/G_in with E_i = u_rest = 0",
        equations: "C·du/dt = −g_l·u + g_e(E_e − u) + g_i(0 − u)",
        source: "second seed Exercise 5",
        variables: [StateVariable("u", "mV")],
        parameters: parameters(["u_rest": 0, "u0": 0, "g": 1, "E": 65, "g_i": 50, "E_i": 0]), acceptsSpikes: false,
        defaultSpikes: [], defaultEndTime: 20,
        construct: { p, _ throws(InputError) in try SubthresholdConductanceLIFModel(p) }
    )
}
