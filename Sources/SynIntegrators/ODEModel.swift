import SynVerifyGSL

/// A state variable of a model: its name (as in the seeds) and unit.
public struct StateVariable: Sendable, Equatable {
    public let name: String
    public let unit: String
    public init(_ name: String, _ unit: String) {
        self.name = name
        self.unit = unit
    }
}

/// Threshold, reset and refractory period of an integrate-and-fire model: when
/// `y[variable]` reaches `threshold` from below it is set to `reset` and held there for
/// `refractory` ms.
public struct ThresholdRule: Sendable, Equatable {
    public let variable: Int
    public let threshold: Double
    public let reset: Double
    public let refractory: Double

    public init(variable: Int, threshold: Double, reset: Double, refractory: Double) {
        self.variable = variable
        self.threshold = threshold
        self.reset = reset
        self.refractory = refractory
    }
}

/// dy/dt = M·y + c with constant M (row-major) and c: what exact propagation needs.
public struct LinearSystem: Sendable, Equatable {
    public let matrix: [Double]
    public let offset: [Double]
    public init(matrix: [Double], offset: [Double]) {
        self.matrix = matrix
        self.offset = offset
    }
}

/// An ODE model as the integrators see it: state, right-hand side, optional Jacobian, the jumps
/// presynaptic spikes apply, and an optional threshold.
///
/// `derivatives` and `jacobian` must not allocate. Times in ms.
public protocol ODEModel: Sendable {
    var variables: [StateVariable] { get }
    var initialState: [Double] { get }
    /// Presynaptic spike times (ms), sorted; each applies `applySpike`.
    var spikeTimes: [Double] { get }
    /// Times other than spikes where the right-hand side is discontinuous (e.g. the end of a
    /// transmitter pulse); integration stops exactly there.
    var breakpoints: [Double] { get }
    var threshold: ThresholdRule? { get }

    func derivatives(_ t: Double, _ y: UnsafePointer<Double>, _ dydt: UnsafeMutablePointer<Double>)
        throws(ODEFunctionError)
    var hasJacobian: Bool { get }
    /// ∂f/∂y row-major into `dfdy`, ∂f/∂t into `dfdt`.
    func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>) throws(ODEFunctionError)
    /// The jump of the `index`-th presynaptic spike (right-continuous: the state at the spike time includes it).
    func applySpike(_ index: Int, to y: UnsafeMutablePointer<Double>)
    /// The reset after a threshold crossing at time t (ms): the threshold variable to
    /// `rule.reset`, and whatever else the model resets with it (Brian2's `v = V_r; w += b`).
    func applyReset(_ rule: ThresholdRule, at t: Double, to y: UnsafeMutablePointer<Double>)
    /// Brian2's conditionally linear form dy_i/dt = A_i(y)·y_i + B_i(y), for exponential Euler;
    /// returns false when the model is not conditionally linear.
    func linearCoefficients(
        _ t: Double, _ y: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>
    ) -> Bool
    /// Constant-coefficient linear form, for exact propagation; nil when there is none.
    var linearSystem: LinearSystem? { get }

    // MARK: Specialisation points (implementation detail; keep the defaults)

    /// The right-hand side and (when the model has one) the Jacobian as evaluators in GSL's
    /// calling contract, closures over one shared reference to the model; they honour a clamped
    /// component only when built with `clamping` (solves pass `hasRefractoryClamp`). The
    /// default, being `@inlinable`, is specialised in the module that declares the conformance,
    /// so the model's arithmetic inlines into the evaluator GSL's trampoline calls.
    func makeCallbacks(clamping: Bool) -> (rhs: ODEEvaluator, jacobian: ODEJacobianEvaluator?)
    /// One fixed-step solve with a simulator method; the default is specialised per model.
    func solveWithSimulatorMethod(_ method: SimulatorMethod, options: SolveOptions) throws(ODESolverError) -> Solution
}

extension ODEModel {
    /// The threshold variable to `rule.reset`, nothing else.
    @inlinable
    public func applyReset(_ rule: ThresholdRule, at t: Double, to y: UnsafeMutablePointer<Double>) {
        y[rule.variable] = rule.reset
    }

    @inlinable
    public func makeCallbacks(clamping: Bool) -> (rhs: ODEEvaluator, jacobian: ODEJacobianEvaluator?) {
        // Captures a reference, not the (possibly large) model struct, so that each call only
        // loads a pointer; one box serves both closures. Two literal pairs of closures, so that
        // `clamping` is a constant in each and the unclamped ones carry no clamp test.
        let box = ModelBox(self)
        if clamping {
            let rhs: ODEEvaluator = { t, y, dydt, functions in
                functions.evaluate(dydt, clamping: true) { () throws(ODEFunctionError) in
                    try box.model.derivatives(t, y, dydt)
                }
            }
            guard hasJacobian else { return (rhs, nil) }
            return (
                rhs,
                { t, y, dfdy, dfdt, functions in
                    functions.evaluateJacobian(dfdy, dfdt, clamping: true) { () throws(ODEFunctionError) in
                        try box.model.jacobian(t, y, dfdy, dfdt)
                    }
                }
            )
        }
        let rhs: ODEEvaluator = { t, y, dydt, functions in
            functions.evaluate(dydt, clamping: false) { () throws(ODEFunctionError) in
                try box.model.derivatives(t, y, dydt)
            }
        }
        guard hasJacobian else { return (rhs, nil) }
        return (
            rhs,
            { t, y, dfdy, dfdt, functions in
                functions.evaluateJacobian(dfdy, dfdt, clamping: false) { () throws(ODEFunctionError) in
                    try box.model.jacobian(t, y, dfdy, dfdt)
                }
            }
        )
    }

    /// Whether solves hold the threshold variable constant after a crossing (a threshold with a
    /// refractory period > 0 ms): only then do the evaluators test for a clamped component.
    public var hasRefractoryClamp: Bool { (threshold?.refractory ?? 0) > 0 }

    @inlinable
    public func solveWithSimulatorMethod(_ method: SimulatorMethod, options: SolveOptions) throws(ODESolverError)
        -> Solution
    {
        let dt = options.fixedStep ?? .nan
        switch variables.count {
        case 1:
            return try FixedStepper<Self, OneDimension>(model: self, method: method, dt: dt).integrate(options: options)
        case 2:
            return try FixedStepper<Self, TwoDimensions>(model: self, method: method, dt: dt).integrate(
                options: options)
        default:
            return try FixedStepper<Self, AnyDimension>(model: self, method: method, dt: dt).integrate(options: options)
        }
    }

    public var breakpoints: [Double] { [] }
    public var threshold: ThresholdRule? { nil }
    public var hasJacobian: Bool { false }
    public func jacobian(
        _ t: Double, _ y: UnsafePointer<Double>, _ dfdy: UnsafeMutablePointer<Double>,
        _ dfdt: UnsafeMutablePointer<Double>
    ) throws(ODEFunctionError) {
        throw ODEFunctionError("this model has no Jacobian")
    }
    public func linearCoefficients(
        _ t: Double, _ y: UnsafePointer<Double>, _ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>
    ) -> Bool { false }
    public var linearSystem: LinearSystem? { nil }
}

/// A reference to a model value, captured by the right-hand-side closures.
@usableFromInline
final class ModelBox<M: ODEModel> {
    @usableFromInline let model: M
    @inlinable init(_ model: M) { self.model = model }
}
