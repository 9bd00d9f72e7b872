import SynIntegrators
import SynModels
import SynVerifyGSL
import Testing

@Suite("Threshold crossings")
struct ThresholdTests {
    static let explicitAdaptive: [Stepper] = [.rk2, .rk4, .rkf45, .rkck, .rk8pd]

    /// The catalogue's conductance LIF with refractory period `refractory` (ms), solved to 300 ms
    /// by `stepper` at eps_abs 1e-12 mV, eps_rel 0.
    func solveLIF(refractory: Double, stepper: Stepper) throws -> (ConductanceLIFModel, Solution) {
        let model =
            try ModelCatalog.entry(named: "lif-coba").make(overrides: [("t_ref", refractory)]) as! ConductanceLIFModel
        var options = SolveOptions()
        options.method = .gsl(stepper)
        options.epsAbs = 1e-12
        options.epsRel = 0
        options.endTime = 300
        return (model, try Integrator.solve(model, options: options))
    }

    /// Closed form: first spike at τ′·ln((u∞ − u₀)/(u∞ − u_th)), then every
    /// t_ref + τ′·ln((u∞ − u_reset)/(u∞ − u_th)) (`ConductanceLIFModel.exactSpikeTimes`).
    /// The tolerance on the membrane potential is absolute (1e-12 mV): 0 mV is not a special
    /// potential, so a relative tolerance on u would only loosen the control ~50-fold.
    @Test("each interspike interval within 1e-10 ms of the closed form at eps 1e-12", arguments: explicitAdaptive)
    func spikeTimes(stepper: Stepper) throws {
        let (model, solution) = try solveLIF(refractory: 2, stepper: stepper)
        let exact = model.exactSpikeTimes(until: 300)
        #expect(
            solution.spikes.count == exact.count, "\(stepper): \(solution.spikes.count) spikes, expected \(exact.count)"
        )
        #expect(solution.work.thresholdCrossings == exact.count)
        // Each crossing restarts from the exact reset, so each interval carries its own error;
        // spike k's absolute error is at most the sum of k such errors.
        var previousActual = 0.0
        var previousExact = 0.0
        for (k, (a, e)) in zip(solution.spikes, exact).enumerated() {
            #expect(
                abs((a - previousActual) - (e - previousExact)) <= 1e-10,
                "\(stepper): interval \(k) off by \((a - previousActual) - (e - previousExact)) ms")
            #expect(abs(a - e) <= Double(k + 1) * 1e-10, "\(stepper): spike \(k) at \(a), exact \(e)")
            previousActual = a
            previousExact = e
        }
    }

    /// Without a refractory period the evaluators skip the clamp test (`hasRefractoryClamp` is
    /// false); the crossings must be as exact as with one (closed form as above, t_ref = 0).
    @Test(
        "no refractory period: no clamp in the evaluators, spike times still within 1e-10 ms",
        arguments: [Stepper.rkf45, .rk8pd])
    func spikeTimesWithoutRefractoryPeriod(stepper: Stepper) throws {
        let (model, solution) = try solveLIF(refractory: 0, stepper: stepper)
        #expect(!model.hasRefractoryClamp)
        #expect(try ModelCatalog.entry(named: "lif-coba").make(overrides: [("t_ref", 2)]).hasRefractoryClamp)
        let exact = model.exactSpikeTimes(until: 300)
        #expect(
            solution.spikes.count == exact.count, "\(stepper): \(solution.spikes.count) spikes, expected \(exact.count)"
        )
        for (k, (a, e)) in zip(solution.spikes, exact).enumerated() {
            #expect(abs(a - e) <= Double(k + 1) * 1e-10, "\(stepper): spike \(k) at \(a), exact \(e)")
        }
    }

    /// NEST's published check (iaf_psc_* with τ = 10 ms, C = 250 pF, I = 1000 pA, threshold 15 mV
    /// above rest): first spike at 4.700036292457356 ms = 10·ln(40/25).
    @Test("NEST's first-spike time")
    func nestCheck() throws {
        let model = try ModelCatalog.entry(named: "lif-coba").make(overrides: [
            ("C", 250), ("g_l", 25), ("u_rest", -70), ("u_th", -55), ("u_reset", -70), ("u0", -70),
            ("g", 0), ("I", 1000), ("t_ref", 2),
        ])
        var options = SolveOptions()
        options.method = .gsl(.rk8pd)
        options.epsAbs = 1e-12
        options.epsRel = 1e-12
        options.endTime = 6
        let solution = try Integrator.solve(model, options: options)
        let first = try #require(solution.spikes.first)
        #expect(abs(first - 4.700036292457356) <= 1e-10, "first spike \(first)")
    }

    @Test("grid thresholds are biased by O(dt); interpolation removes most of it")
    func gridBias() throws {
        let model = try ModelCatalog.entry(named: "lif-coba").make() as! ConductanceLIFModel
        let exact = model.exactSpikeTimes(until: 1000)
        var errors: [Bool: Double] = [:]
        for interpolate in [false, true] {
            var options = SolveOptions()
            options.method = .simulator(.exact)
            options.fixedStep = 0.1
            options.endTime = 1000
            options.thresholdInterpolation = interpolate
            let solution = try Integrator.solve(model, options: options)
            #expect(solution.spikes.count >= exact.count - 1)
            errors[interpolate] = abs(solution.spikes[solution.spikes.count - 1] - exact[solution.spikes.count - 1])
        }
        let grid = try #require(errors[false])
        let interpolated = try #require(errors[true])
        #expect(grid > 0.01, "grid-threshold drift \(grid) ms")
        #expect(interpolated < grid / 100, "interpolated drift \(interpolated) ms vs grid \(grid) ms")
    }
}
