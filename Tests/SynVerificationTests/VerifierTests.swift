import SynIntegrators
import SynModels
import SynVerification
import SynVerifyGSL
import Testing

func adaptive(_ stepper: Stepper, eps: Double, end: Double? = nil) -> SolveOptions {
    var options = SolveOptions()
    options.method = .gsl(stepper)
    options.epsAbs = eps
    options.epsRel = eps
    if let end { options.endTime = end }
    return options
}

@Suite("Verification verdicts")
struct VerifierTests {
    static let correct = ModelCatalog.entries.filter { !$0.summary.hasPrefix("KNOWN WRONG") }.map(\.name)

    @Test("every correct model passes with rk8pd at eps 1e-10", arguments: correct)
    func correctModelsPass(name: String) throws {
        let entry = try ModelCatalog.entry(named: name)
        let model = try entry.make()
        var options = adaptive(.rk8pd, eps: 1e-10, end: entry.defaultEndTime)
        options.outputTimes = []
        let comparison = try Verifier.compare(model, name: name, options: options)
        #expect(comparison.verdict == .pass, "\(name): \(comparison.reasons)")
        #expect(comparison.knownWrong == nil)
    }

    /// Each seed error and the reason the verifier must give. The figures are hand derivations:
    /// peak time (τ1τ2/(τ2 − τ1) − τ1)·ln(τ2/τ1) = (8·60/52 − 8)·ln 7.5 = 2.47988 ms; peak value
    /// (w/e − w)/w = 1/e − 1 = −63.2121 %.
    static let knownWrong: [(model: String, reason: String)] = [
        ("exp-seed-sign", "diverges: the claimed solution grows"),
        ("alpha-seed-sign", "diverges: the claimed solution grows"),
        ("dualexp-seed-sign", "diverges: the claimed solution grows"),
        ("alpha-seed-ode", "diverges: the ODE's solution reaches"),
        ("alpha-brian2-seed-peak", "wrong peak value by -63.2121 %"),
        ("dualexp-peak-seed-peak", "wrong peak time by 2.47988 ms"),
        ("alpha-brainpy-seed-closed-form", "wrong trajectory"),
        ("shunting-seed-sign", "wrong trajectory"),
        ("lif-rate-seed-approx", "wrong rate by"),
    ]

    @Test("every known-wrong seed variant fails, with its reason", arguments: knownWrong.indices)
    func knownWrongVariantsFail(_ index: Int) throws {
        let (name, reason) = Self.knownWrong[index]
        let entry = try ModelCatalog.entry(named: name)
        let model = try entry.make()
        let comparison = try Verifier.compare(
            model, name: name, options: adaptive(.rk8pd, eps: 1e-10, end: entry.defaultEndTime))
        #expect(comparison.verdict == .fail)
        #expect(comparison.reasons.contains { $0.hasPrefix(reason) }, "\(name): \(comparison.reasons)")
        #expect(comparison.knownWrong != nil)
    }

    @Test("the truncated rate formula is off by the exact amount: (r₁₉ − r)/r at I = 1 nA")
    func truncatedRateFigure() throws {
        // By hand (Exercise 6 defaults, I = 1000 pA, g = 10 nS at −70 mV): u∞ = (−600 − 700 + 1000)/20
        // = −15 mV, τ′ = 75 ms, r = 1000/(75·ln(45/35)); Eq. (19): r₁₉ = 1000·(1000 − 300)/(1500·10).
        let exact = 1000 / (75 * log(45.0 / 35.0))
        let truncated = 1000 * 700 / (1500 * 10.0)
        let entry = try ModelCatalog.entry(named: "lif-rate-seed-approx")
        let comparison = try Verifier.compare(
            try entry.make(), name: entry.name, options: adaptive(.rk8pd, eps: 1e-12, end: 1000))
        let rate = try #require(comparison.rate)
        #expect(abs(rate.analytic - truncated) <= 1e-12 * truncated)
        #expect(abs(rate.numeric - exact) <= 1e-9)
    }

    @Test(
        "every model's peak within 1e-8 ms at eps 1e-12",
        arguments: ["exp", "alpha", "dualexp", "dualexp-peak", "nmda-kinetics", "alpha-brainpy"])
    func peaks(name: String) throws {
        let entry = try ModelCatalog.entry(named: name)
        let comparison = try Verifier.compare(
            try entry.make(), name: name, options: adaptive(.rk8pd, eps: 1e-12, end: entry.defaultEndTime))
        let peak = try #require(comparison.peak)
        #expect(
            abs(peak.numericTime - peak.analyticTime) <= 1e-8, "\(name): \(peak.numericTime) vs \(peak.analyticTime)")
        #expect(abs(peak.numericValue - peak.analyticValue) <= 1e-10 * abs(peak.analyticValue))
    }

    /// f–I verification with precise thresholds: ISI rates from the located spikes against
    /// 1000/(t_ref + τ′·ln((u∞ − u_reset)/(u∞ − u_th))).
    @Test("f–I rates within 1e-9 Hz", arguments: [(500.0, 10.0), (1000, 10), (1500, 10), (1000, 30), (1500, 60)])
    func rates(point: (current: Double, shunt: Double)) throws {
        let model = try ModelCatalog.entry(named: "lif-coba").make(overrides: [
            ("I", point.current), ("g", point.shunt),
        ])
        var options = adaptive(.rk8pd, eps: 1e-12, end: 1000)
        options.epsRel = 0
        let comparison = try Verifier.compare(model, name: "lif-coba", options: options)
        let rate = try #require(comparison.rate)
        #expect(rate.spikes > 2)
        #expect(
            abs(rate.numeric - rate.analytic) <= 1e-9,
            "I = \(point.current) pA, g = \(point.shunt) nS: \(rate.numeric) vs \(rate.analytic) Hz")
    }

    @Test("a method that is exact to round-off gets no order and is not judged on one (voltage jump: dv/dt = 0)")
    func exactToRoundOff() throws {
        // dv/dt = 0 with jumps at spikes: every method reproduces the closed form exactly, so
        // every error is 0 and no order or tolerance slope exists.
        let model = try ModelCatalog.entry(named: "voltage-jump").make()
        let convergence = try ConvergenceStudy.run(
            model, method: .simulator(.euler), steps: [0.4, 0.2, 0.1], endTime: 20)
        #expect(convergence.errors == [0, 0, 0] && convergence.order.isNaN && convergence.exactToRoundOff)
        let tolerance = try ToleranceStudy.run(model, stepper: .rk8pd, eps: [1e-4, 1e-6, 1e-8], endTime: 20)
        #expect(tolerance.atRoundOff == [0, 1, 2] && tolerance.slope.isNaN && tolerance.exactToRoundOff)
        var entry = VerificationSuite.Entry(
            model: "voltage-jump", methods: [.simulator(.euler), .gsl(.rk8pd)], stepLadder: [0.4, 0.2],
            toleranceLadder: [1e-4, 1e-8])
        entry.endTime = 20
        let rows = try SuiteRunner.run(VerificationSuite(entries: [entry]))
        #expect(rows.allSatisfy { $0.orderHolds == nil && $0.passed }, "\(rows.map(\.failureReasons))")
        // A real slope is still judged: rk8pd on the exponential synapse.
        let exp = try ToleranceStudy.run(
            try ModelCatalog.entry(named: "exp").make(), stepper: .rk8pd, eps: [1e-4, 1e-6, 1e-8], endTime: 50)
        #expect(exp.atRoundOff.isEmpty && !exp.exactToRoundOff && exp.slope.isFinite)
    }
}

@Suite("Convergence and tolerance studies")
struct StudyTests {
    @Test(
        "fixed-step orders within ±0.2 on the nonlinear NMDA kinetics",
        arguments: [
            (SimulatorMethod.euler, [0.1, 0.08, 0.0625, 0.05, 0.04]),
            (.exponentialEuler, [0.1, 0.08, 0.0625, 0.05, 0.04]),
            (.midpoint, [0.1, 0.08, 0.0625, 0.05, 0.04]),
            (.heun, [0.1, 0.08, 0.0625, 0.05, 0.04]),
            (.classicRK4, [0.1, 0.08, 0.0625, 0.05, 0.04]),
        ])
    func orders(_ input: (SimulatorMethod, [Double])) throws {
        let model = try ModelCatalog.entry(named: "nmda-kinetics").make()
        let study = try ConvergenceStudy.run(model, method: .simulator(input.0), steps: input.1, endTime: 20)
        #expect(
            abs(study.order - Double(input.0.nominalOrder)) <= 0.2,
            "\(input.0): \(study.order), pairwise \(study.pairwiseOrders)")
        #expect(study.excluded.isEmpty)
    }

    @Test("round-off and pre-asymptotic points are excluded with reasons; the rest fit order 8")
    func exclusions() throws {
        let model = try ModelCatalog.entry(named: "nmda-kinetics").make()
        let study = try ConvergenceStudy.run(
            model, method: .gsl(.rk8pd), steps: [2, 1.6, 1.25, 1, 0.8, 0.625, 0.5, 0.4, 0.3125, 0.25], endTime: 20)
        #expect(abs(study.order - 8) <= 0.2, "order \(study.order)")
        #expect(study.excluded.contains { $0.index == 0 && $0.reason.hasPrefix("outside the asymptotic range") })
        #expect(study.excluded.contains { $0.reason.hasPrefix("at the round-off floor") })
        #expect(!study.superconvergent)
    }

    @Test("rk8pd on a linear problem is flagged superconvergent")
    func superconvergence() throws {
        let model = try ModelCatalog.entry(named: "dualexp-peak").make()
        let study = try ConvergenceStudy.run(model, method: .gsl(.rk8pd), steps: [12.5, 10, 8, 6.25, 5], endTime: 100)
        #expect(study.superconvergent, "order \(study.order)")
    }

    @Test("tolerance proportionality: rk8pd error slope ≈ 1 over eps 1e-3 … 1e-12, work grows as eps falls")
    func tolerance() throws {
        let model = try ModelCatalog.entry(named: "dualexp-peak").make()
        let study = try ToleranceStudy.run(model, stepper: .rk8pd, eps: ToleranceStudy.defaultLadder, endTime: 500)
        #expect(abs(study.slope - 1) <= 0.2, "slope \(study.slope)")
        #expect(study.rhsEvaluations.last! > study.rhsEvaluations.first!)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
