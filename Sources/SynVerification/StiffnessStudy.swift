import SynIntegrators
import SynModels
import SynVerifyGSL

/// Stiffness as NEST's ODE-toolbox measures it: the mean accepted step of an explicit stepper
/// (rkf45) against an implicit one (bsimp) at the same tolerance over the model's default run.
/// bsimp is of high order, so its ratio mixes order with stability (it is ≈ 12 on the non-stiff
/// dual exponential); the same-order implicit rk4imp separates them: its ratio stays near 1–2
/// on non-stiff models and grows when the explicit method is held back by stability (≈ 9 on the
/// Exercise 3 neuron). Models without a Jacobian get no implicit figures.
public struct StiffnessStudy: Sendable, Equatable {
    /// Mean accepted step (ms) of rkf45.
    public let explicitMeanStep: Double
    /// Mean accepted step (ms) of bsimp, or nil without a Jacobian.
    public let implicitMeanStep: Double?
    /// Mean accepted step (ms) of rk4imp, or nil without a Jacobian.
    public let sameOrderImplicitMeanStep: Double?
    public let eps: Double

    /// bsimp's mean step over rkf45's.
    public var ratio: Double? { implicitMeanStep.map { $0 / explicitMeanStep } }
    /// rk4imp's mean step over rkf45's: the stiffness indicator.
    public var sameOrderRatio: Double? { sameOrderImplicitMeanStep.map { $0 / explicitMeanStep } }

    public static func run(_ model: any VerifiableModel, endTime: Double, eps: Double = 1e-8) throws(ODESolverError)
        -> StiffnessStudy
    {
        func meanStep(_ stepper: Stepper) throws(ODESolverError) -> Double {
            var options = SolveOptions()
            options.method = .gsl(stepper)
            options.epsAbs = eps
            options.epsRel = eps
            options.endTime = endTime
            options.outputTimes = [endTime]
            let solution = try Integrator.solve(model, options: options)
            return (endTime - options.startTime) / Double(max(solution.work.acceptedSteps, 1))
        }
        return StiffnessStudy(
            explicitMeanStep: try meanStep(.rkf45),
            implicitMeanStep: model.hasJacobian ? try meanStep(.bsimp) : nil,
            sameOrderImplicitMeanStep: model.hasJacobian ? try meanStep(.rk4imp) : nil, eps: eps)
    }
}
