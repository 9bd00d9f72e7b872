import SynVerifyGSL

/// Integrates an `ODEModel` with a GSL stepper (adaptive or fixed step) or a simulator method,
/// stopping exactly at presynaptic spikes and breakpoints, locating threshold crossings, and
/// counting its work. Every loop is bounded by `SolveOptions.maximumSteps`.
public enum Integrator {
    /// - Throws: `ODESolverError`: an invalid option or model (before any GSL call), a missing
    ///   Jacobian for an implicit stepper, a failing right-hand side, GSL's failures, an exhausted
    ///   step budget, or a step below h_min — each with the time and state where it happened.
    public static func solve(_ model: any ODEModel, options: SolveOptions) throws(ODESolverError) -> Solution {
        let n = model.variables.count
        try options.validate(dimension: n)
        let initial = model.initialState
        guard initial.count == n else {
            throw .invalidOption(name: "initial state count", value: Double(initial.count), allowed: "= \(n)")
        }
        for value in initial where !value.isFinite {
            throw .invalidOption(name: "initial state", value: value, allowed: "finite")
        }
        let spikeTimes = model.spikeTimes
        for (k, t) in spikeTimes.enumerated() {
            guard t.isFinite else { throw .invalidOption(name: "spike time", value: t, allowed: "finite (ms)") }
            if k > 0 && t < spikeTimes[k - 1] {
                throw .invalidOption(
                    name: "spike time", value: t,
                    allowed: "≥ the previous spike (\(spikeTimes[k - 1]) ms): spike times must be sorted")
            }
        }
        if let rule = model.threshold {
            guard rule.variable >= 0 && rule.variable < n else {
                throw .invalidOption(name: "threshold variable", value: Double(rule.variable), allowed: "0..<\(n)")
            }
            guard rule.threshold.isFinite, rule.reset.isFinite, rule.reset < rule.threshold else {
                throw .invalidOption(
                    name: "reset", value: rule.reset, allowed: "finite and < threshold (\(rule.threshold))")
            }
            guard rule.refractory.isFinite, rule.refractory >= 0 else {
                throw .invalidOption(name: "refractory", value: rule.refractory, allowed: "≥ 0 ms (finite)")
            }
        }
        switch options.method {
        case .gsl(let stepper):
            if stepper.requiresJacobian && !model.hasJacobian { throw .missingJacobian(stepper: stepper.rawValue) }
            return try GSLIntegration(model: model, options: options, stepper: stepper).run()
        case .simulator(let method):
            return try FixedStepIntegration(model: model, options: options, method: method).run()
        case .external(let label):
            throw .unsupportedMethod(method: label, reason: "its numbers come from outside SynVerify (a trace)")
        }
    }
}
