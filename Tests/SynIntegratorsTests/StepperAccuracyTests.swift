import SynIntegrators
import SynModels
import SynVerifyGSL
import Testing

/// Error in tolerance units: |y − y_exact|/(eps_abs + eps_rel·|y_exact|), the largest over the grid.
func toleranceUnits(_ solution: Solution, _ model: any VerifiableModel, variable: Int, epsAbs: Double, epsRel: Double)
    -> Double
{
    var worst = 0.0
    for (k, t) in solution.times.enumerated() {
        guard let exact = model.exactState(at: t)[variable] else { continue }
        worst = max(worst, abs(solution.values[variable][k] - exact) / (epsAbs + epsRel * abs(exact)))
    }
    return worst
}

func grid(_ end: Double, _ count: Int) -> [Double] {
    (0...count).map { end * Double($0) / Double(count) }
}

@Suite("GSL steppers against closed forms")
struct StepperAccuracyTests {
    /// With y-control every accepted step keeps its local error below D = eps_abs + eps_rel·|y|.
    /// These linear systems decay, so errors are not amplified and the global error stays below
    /// the sum of the local ones: ≤ N·D for N accepted steps. That accumulation bound is the
    /// assertion; the measured errors are far inside it (see the closing figures).
    @Test(
        "every stepper within its tolerance bound on the dual exponential and the alpha synapse",
        arguments: Stepper.allCases)
    func withinTolerance(stepper: Stepper) throws {
        let eps = stepper == .rk1imp ? 1e-6 : 1e-9
        for name in ["dualexp-peak", "alpha"] {
            let model = try ModelCatalog.entry(named: name).make(spikes: [0, 30])
            var options = SolveOptions()
            options.method = .gsl(stepper)
            options.epsAbs = eps
            options.epsRel = eps
            options.endTime = 200
            options.outputTimes = grid(200, 1000) + [30]
            let solution = try Integrator.solve(model, options: options)
            let units = toleranceUnits(solution, model, variable: 0, epsAbs: eps, epsRel: eps)
            let bound = Double(solution.work.acceptedSteps)
            #expect(units <= bound, "\(stepper) on \(name): \(units) tolerance units (bound \(bound))")
            #expect(solution.work.eventsApplied == 2)
            #expect(solution.work.acceptedSteps > 0 && solution.work.rhsEvaluations > 0)
            if stepper.requiresJacobian { #expect(solution.work.jacobianEvaluations > 0) }
        }
    }

    @Test("spike jumps land exactly at their times (right-continuous)")
    func jumpsExact() throws {
        let model = try ModelCatalog.entry(named: "exp").make(spikes: [0, 5, 12.5])
        var options = SolveOptions()
        options.method = .gsl(.rk8pd)
        options.epsAbs = 1e-13
        options.epsRel = 1e-13
        options.endTime = 20
        options.outputTimes = [5, 12.5, 20]
        let solution = try Integrator.solve(model, options: options)
        // By hand: g(5) = 5e^(−5/2) + 5 (the jump at 5 included); g(12.5) = 5e^(−6.25) + 5e^(−3.75) + 5.
        let expected = [5 * exp(-2.5) + 5, 5 * exp(-6.25) + 5 * exp(-3.75) + 5]
        for (k, e) in expected.enumerated() {
            #expect(abs(solution.values[0][k] - e) <= 1e-12 * e)
        }
        #expect(solution.work.eventsApplied == 3)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
