import SynIntegrators
import SynKernels
import SynVerifyGSL

/// The alpha synapse with the sign error of the second seed's Exercise 2:
/// dg/dt = (g − x)/τ, dx/dt = −x/τ, x += w. Its solution −w·sinh(t/τ) diverges.
/// Units: g, x, w nS; τ ms.
public struct WrongAlphaODEModel: ODEModel {
    public let w: Double
    public let tau: Double
    public let spikeTimes: [Double]

    public var variables: [StateVariable] { [StateVariable("g", "nS"), StateVariable("x", "nS")] }
    public var initialState: [Double] { [0, 0] }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        dydt[0] = (y[0] - y[1]) / tau
        dydt[1] = -y[1] / tau
    }

    public var hasJacobian: Bool { true }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        dfdy[0] = 1 / tau
        dfdy[1] = -1 / tau
        dfdy[2] = 0
        dfdy[3] = -1 / tau
        dfdt[0] = 0
        dfdt[1] = 0
    }

    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) { y[1] += w }
}

/// The shunting LIF with the sign error of the second seed's Exercise 5 (E_i = u_rest = 0):
/// C·du/dt = +g_i·u + g_e(E_e − u) − g_m·u. Units: C pF, conductances nS, u mV.
public struct WrongShuntingODEModel: ODEModel {
    public let capacitance: Double, leak: Double, excitatory: Double, reversal: Double, shunt: Double

    public var variables: [StateVariable] { [StateVariable("u", "mV")] }
    public var initialState: [Double] { [0] }
    public var spikeTimes: [Double] { [] }

    @inline(__always)
    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        dydt[0] = (shunt * y[0] + excitatory * (reversal - y[0]) - leak * y[0]) / capacitance
    }

    public var hasJacobian: Bool { true }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        dfdy[0] = (shunt - excitatory - leak) / capacitance
        dfdt[0] = 0
    }

    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) {}
}
