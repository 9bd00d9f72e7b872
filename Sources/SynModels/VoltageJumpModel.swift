import SynIntegrators
import SynKernels
import SynVerifyGSL

/// Voltage jump as an ODE: dv/dt = 0, v += w at each spike. Closed form: `VoltageJumpKernel`.
/// A trivial model that still checks event handling (right-continuous jumps, duplicates).
/// Units: v, w mV. Reference: first seed §2.1.1 (4).
public struct VoltageJumpModel: VerifiableModel {
    public let w: Double
    public let spikeTimes: [Double]
    let closedForm: VoltageJumpKernel

    init(_ p: ParameterValues, _ spikes: [Double]) throws(InputError) {
        w = p["w"]
        spikeTimes = spikes
        closedForm = try VoltageJumpKernel(w: w, spikes: spikes)
    }

    public var variables: [StateVariable] { [StateVariable("v", "mV")] }
    public var initialState: [Double] { [0] }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        dydt[0] = 0
    }

    public var hasJacobian: Bool { true }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        dfdy[0] = 0
        dfdt[0] = 0
    }

    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) { y[0] += w }

    public func linearCoefficients(
        _ t: Double, _ y: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>
    ) -> Bool {
        a[0] = 0
        b[0] = 0
        return true
    }

    public var linearSystem: LinearSystem? { LinearSystem(matrix: [0], offset: [0]) }

    public func exactState(at t: Double) -> [Double?] { [closedForm.value(at: t)] }

    public static let entry = ModelEntry(
        name: "voltage-jump", summary: "voltage jump: dv/dt = 0, v += w per spike",
        equations: "dv/dt = 0;  on spike: v += w", source: "first seed §2.1.1 (4) Voltage jump",
        variables: [StateVariable("v", "mV")], parameters: VoltageJumpKernel.parameters, acceptsSpikes: true,
        defaultSpikes: [1, 5, 5, 12], defaultEndTime: 20,
        construct: { p, s throws(InputError) in try VoltageJumpModel(p, s) }
    )
}
