import SynIntegrators
import SynModels
import SynVerifyGSL
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Least-squares slope of log(error) against log(h), from the actual step sizes.
func fittedOrder(steps: [Double], errors: [Double]) -> Double {
    let x = steps.map(log)
    let y = errors.map(log)
    let mx = x.reduce(0, +) / Double(x.count)
    let my = y.reduce(0, +) / Double(y.count)
    var sxy = 0.0
    var sxx = 0.0
    for i in x.indices {
        sxy += (x[i] - mx) * (y[i] - my)
        sxx += (x[i] - mx) * (x[i] - mx)
    }
    return sxy / sxx
}

@Suite("Fixed-step convergence orders")
struct ConvergenceOrderTests {
    /// BrainPy's NMDA s/x kinetics is smooth and nonlinear (the product x·s), so it shows each
    /// method's true order: on linear constant-coefficient problems an RK stability polynomial
    /// can match e^z beyond the method's order (GSL's rk8pd measures ≈ 9.8 on the dual
    /// exponential). Final-time error at t = 20 ms against the incomplete-gamma closed form;
    /// ladders per order keep errors above round-off and inside the asymptotic range.
    /// GSL's rk2 converges at order 3: see `Stepper.nominalOrder`.
    static let cases: [(method: IntegrationMethod, order: Double, steps: [Double])] = [
        (.simulator(.euler), 1, [0.1, 0.08, 0.0625, 0.05, 0.04]),
        (.simulator(.exponentialEuler), 1, [0.1, 0.08, 0.0625, 0.05, 0.04]),
        (.simulator(.midpoint), 2, [0.1, 0.08, 0.0625, 0.05, 0.04]),
        (.simulator(.heun), 2, [0.1, 0.08, 0.0625, 0.05, 0.04]),
        (.simulator(.classicRK4), 4, [0.1, 0.08, 0.0625, 0.05, 0.04]),
        (.gsl(.rk2), Double(Stepper.rk2.nominalOrder), [0.05, 0.04, 0.03125, 0.025, 0.02]),
        (.gsl(.rk4), 4, [0.5, 0.4, 0.3125, 0.25, 0.2]),
        (.gsl(.rk8pd), 8, [0.8, 0.625, 0.5, 0.4]),
    ]

    @Test("order within ±0.2 of nominal", arguments: cases.indices)
    func order(_ index: Int) throws {
        let (method, nominal, steps) = Self.cases[index]
        let model = try ModelCatalog.entry(named: "nmda-kinetics").make(spikes: [0])
        let exact = try #require(model.exactState(at: 20)[0])
        var errors: [Double] = []
        for h in steps {
            var options = SolveOptions()
            options.method = method
            options.fixedStep = h
            options.endTime = 20
            options.outputTimes = [20]
            let solution = try Integrator.solve(model, options: options)
            errors.append(abs(solution.values[0][0] - exact))
        }
        let order = fittedOrder(steps: steps, errors: errors)
        #expect(abs(order - nominal) <= 0.2, "\(method): fitted order \(order), errors \(errors)")
    }

    @Test("GSL rk2 is third order, as its source says (A&S 25.5.8)")
    func gslRK2() {
        #expect(Stepper.rk2.nominalOrder == 3)
        #expect(Stepper.rk2.gslReportedOrder == 2)
    }

    @Test("exact propagation is exact to round-off at any step")
    func exactPropagation() throws {
        let model = try ModelCatalog.entry(named: "dualexp-peak").make(spikes: [0])
        for h in [0.1, 1, 7] {
            var options = SolveOptions()
            options.method = .simulator(.exact)
            options.fixedStep = h
            options.endTime = 70
            options.outputTimes = [70]
            let solution = try Integrator.solve(model, options: options)
            let exact = try #require(model.exactState(at: 70)[0])
            #expect(abs(solution.values[0][0] - exact) <= 1e-12 * exact, "h = \(h)")
        }
    }
}
