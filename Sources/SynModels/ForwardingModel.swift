import SynIntegrators
import SynVerifyGSL

/// A model that integrates another model's ODE unchanged and differs only in what it claims
/// about the solution (a seed's claim, a reference solve). Every ODE requirement forwards to
/// `wrapped`.
public protocol ForwardingModel: VerifiableModel {
    var wrapped: any ODEModel { get }
}

extension ForwardingModel {
    public var variables: [StateVariable] { wrapped.variables }
    public var initialState: [Double] { wrapped.initialState }
    public var spikeTimes: [Double] { wrapped.spikeTimes }
    public var breakpoints: [Double] { wrapped.breakpoints }
    public var threshold: ThresholdRule? { wrapped.threshold }
    public var hasJacobian: Bool { wrapped.hasJacobian }
    public var linearSystem: LinearSystem? { wrapped.linearSystem }

    public func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    {
        try wrapped.derivatives(t, y, dydt)
    }

    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        try wrapped.jacobian(t, y, dfdy, dfdt)
    }

    public func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>) { wrapped.applySpike(index, to: y) }
    public func applyReset(_ rule: ThresholdRule, at t: Double, to y: UnsafeMutablePointer<Double>) {
        wrapped.applyReset(rule, at: t, to: y)
    }

    public func linearCoefficients(
        _ t: Double, _ y: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>
    ) -> Bool {
        wrapped.linearCoefficients(t, y, a, b)
    }
}
