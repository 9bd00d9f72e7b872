/// Why a right-hand side or Jacobian refused to evaluate.
public struct ODEFunctionError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A failed solve: what went wrong, at which time (ms) and in which state.
public enum ODESolverError: Error, Equatable, Sendable, CustomStringConvertible {
    /// GSL reported a status (GSL_EMAXITER, GSL_ENOPROG, GSL_EFAILED, …).
    case gsl(GSLError, time: Double, state: [Double])
    /// The model's right-hand side or Jacobian threw, or returned a non-finite value.
    case function(ODEFunctionError, time: Double, state: [Double])
    /// An implicit stepper was asked for on a model without a Jacobian (checked before any GSL call).
    case missingJacobian(stepper: String)
    /// A method the model cannot be integrated with (e.g. exponential Euler without a
    /// conditionally linear form).
    case unsupportedMethod(method: String, reason: String)
    /// An option outside its range (checked before any GSL call).
    case invalidOption(name: String, value: Double, allowed: String)
    /// The step budget ran out before the end time.
    case stepCountExceeded(limit: Int, time: Double, stepper: String)
    /// The adaptive step fell below h_min.
    case stepSizeUnderflow(step: Double, minimum: Double, time: Double)
    /// GSL returned no object (out of memory).
    case allocationFailed(String)

    public var description: String {
        switch self {
        case .gsl(let error, let time, let state):
            return "\(error) at t = \(time) ms, y = \(state)"
        case .function(let error, let time, let state):
            return "right-hand side failed at t = \(time) ms, y = \(state): \(error)"
        case .missingJacobian(let stepper):
            return
                "stepper '\(stepper)' needs a Jacobian, and this model has none; use rk2, rk4, rkf45, rkck, "
                + "rk8pd or msadams"
        case .unsupportedMethod(let method, let reason):
            return "method '\(method)' cannot integrate this model: \(reason)"
        case .invalidOption(let name, let value, let allowed):
            return "option '\(name)' = \(value) is out of range: allowed \(allowed)"
        case .stepCountExceeded(let limit, let time, let stepper):
            let hint =
                stepper.contains("crossing locator")
                ? " counting the crossing locator's re-integrations; raise --max-steps for long threshold runs"
                : ["rk2", "rk4", "rkf45", "rkck", "rk8pd", "msadams"].contains(stepper)
                    ? "; try an implicit stepper (bsimp, msbdf)" : ""
            return "step count exceeded (\(limit) steps) at t = \(time) ms\(hint)"
        case .stepSizeUnderflow(let step, let minimum, let time):
            return "step size \(step) ms fell below h_min = \(minimum) ms at t = \(time) ms"
        case .allocationFailed(let what):
            return "GSL could not allocate \(what)"
        }
    }
}
