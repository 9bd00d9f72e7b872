import SynIntegrators
import SynModels
import Testing

@testable import SynVerification

/// The gate's rules on hand-made rows (the end-to-end gate runs in the CLI tests).
@Suite("Regression gate rules")
struct RegressionGateTests {
    static let claim = KnownWrongClaim(claim: "g = w·e^(+t/τ)", correction: "g = w·e^(−t/τ)", correctModel: "exp")

    static func row(
        knownWrong: Bool, verdict: Verdict, maxError: Double = 1e-6, order: Double? = nil,
        variables: [(variable: StateVariable, metrics: TrajectoryMetrics)] = []
    ) -> SuiteResult {
        var metrics = TrajectoryMetrics()
        metrics.maxAbsError = maxError
        metrics.largestExact = 5
        var comparison = Comparison(
            model: "m", method: .gsl(.rk8pd), options: SolveOptions(), metrics: metrics, peak: nil, rate: nil,
            work: nil, verdict: verdict, reasons: verdict == .fail ? ["wrong"] : [], bounds: VerificationBounds(),
            knownWrong: knownWrong ? claim : nil, reference: nil)
        comparison.variableMetrics = variables
        let tolerance = order.map {
            ToleranceStudy(
                eps: [1e-4, 1e-6], errors: [1e-4, 1e-6], rhsEvaluations: [10, 20], slope: $0, atRoundOff: [])
        }
        return SuiteResult(
            model: "m", method: .gsl(.rk8pd), endTime: 50, comparison: comparison, convergence: nil,
            tolerance: tolerance,
            failure: nil, errorGrowthFactor: 2, orderTolerance: 0.2, hasThreshold: false, breakpoints: [])
    }

    @Test("a known-wrong variant that is no longer caught regresses")
    func seedNoLongerCaught() {
        let before = RegressionGate.baseline(of: [Self.row(knownWrong: true, verdict: .fail)])
        #expect(before[0].passed && before[0].knownWrong)
        let still = RegressionGate.check([Self.row(knownWrong: true, verdict: .fail)], against: before, complete: true)
        #expect(still.allSatisfy { $0.regressions.isEmpty })
        let lost = RegressionGate.check([Self.row(knownWrong: true, verdict: .pass)], against: before, complete: true)
        #expect(lost[0].regressions.map(\.measure) == ["known-wrong variant caught"])
    }

    @Test("error growth: 2x allowed, beyond is a regression; the round-off floor 1e-13 x 5 absorbs tiny errors")
    func errorGrowth() {
        let before = RegressionGate.baseline(of: [Self.row(knownWrong: false, verdict: .pass, maxError: 1e-6)])
        #expect(
            RegressionGate.check(
                [Self.row(knownWrong: false, verdict: .pass, maxError: 2e-6)], against: before, complete: true)[0]
                .regressions.isEmpty)
        let grown = RegressionGate.check(
            [Self.row(knownWrong: false, verdict: .pass, maxError: 2.1e-6)], against: before, complete: true)
        #expect(grown[0].regressions.map(\.measure) == ["max error"])
        let tiny = RegressionGate.baseline(of: [Self.row(knownWrong: false, verdict: .pass, maxError: 1e-16)])
        // 4e-13 < 1e-13 × max(1, 5) = 5e-13: below the floor, not a regression.
        #expect(
            RegressionGate.check(
                [Self.row(knownWrong: false, verdict: .pass, maxError: 4e-13)], against: tiny, complete: true)[0]
                .regressions.isEmpty)
    }

    /// A row that compares two variables, g within bound and x with errors `xError`.
    static func twoVariableRow(xError: Double?) -> SuiteResult {
        var g = TrajectoryMetrics()
        g.maxAbsError = 1e-6
        var x = TrajectoryMetrics()
        x.maxAbsError = xError ?? 0
        let variables = [(StateVariable("g", "nS"), g)] + (xError == nil ? [] : [(StateVariable("x", "nS"), x)])
        return row(knownWrong: false, verdict: .pass, maxError: 1e-6, variables: variables)
    }

    @Test("each variable of a several-variable row is held to the growth rule; an unrecorded one regresses")
    func everyVariable() {
        let before = RegressionGate.baseline(of: [Self.twoVariableRow(xError: 1e-8)])
        #expect(before[0].variableErrors == ["g": 1e-6, "x": 1e-8])
        let within = RegressionGate.check([Self.twoVariableRow(xError: 2e-8)], against: before, complete: true)
        #expect(within[0].regressions.isEmpty)
        // x grew 3x while the headline (first variable) error stayed: only x regresses.
        let grown = RegressionGate.check([Self.twoVariableRow(xError: 3e-8)], against: before, complete: true)
        #expect(grown[0].regressions.map(\.measure) == ["max error of x"])
        // Recorded before per-variable errors were: each variable is "none recorded".
        var old = before
        old[0].variableErrors = [:]
        let unrecorded = RegressionGate.check([Self.twoVariableRow(xError: 1e-8)], against: old, complete: true)
        #expect(unrecorded[0].regressions.map(\.before) == ["none recorded", "none recorded"])
    }

    @Test("order: within 0.2 of nominal, or of the recorded order for a recorded finding")
    func order() {
        let before = RegressionGate.baseline(of: [Self.row(knownWrong: false, verdict: .pass, order: 1.0)])
        #expect(
            RegressionGate.check(
                [Self.row(knownWrong: false, verdict: .pass, order: 1.15)], against: before, complete: true)[0]
                .regressions.isEmpty)
        #expect(
            RegressionGate.check(
                [Self.row(knownWrong: false, verdict: .pass, order: 0.75)], against: before, complete: true)[0]
                .regressions.map(\.measure) == ["order"])
        // A baseline slope of 0.5 (a finding, nominal 1): 0.6 holds, 0.2 (0.3 from the record) regresses.
        let finding = RegressionGate.baseline(of: [Self.row(knownWrong: false, verdict: .fail, order: 0.5)])
        #expect(
            RegressionGate.check(
                [Self.row(knownWrong: false, verdict: .fail, order: 0.6)], against: finding, complete: true)[0]
                .regressions.isEmpty)
        #expect(
            RegressionGate.check(
                [Self.row(knownWrong: false, verdict: .fail, order: 0.2)], against: finding, complete: true)[0]
                .regressions.map(\.measure) == ["order (recorded finding)"])
    }

    @Test("a pass that turns into a fail regresses; rows missing only count for a complete run")
    func verdictAndPresence() {
        let before = RegressionGate.baseline(of: [Self.row(knownWrong: false, verdict: .pass)])
        #expect(
            RegressionGate.check([Self.row(knownWrong: false, verdict: .fail)], against: before, complete: true)[0]
                .regressions.map(\.measure) == ["verdict"])
        #expect(RegressionGate.check([], against: before, complete: true)[0].regressions.map(\.measure) == ["presence"])
        #expect(RegressionGate.check([], against: before, complete: false).isEmpty)
    }

    @Test("a row the baseline lacks, or records without a max error it now has, regresses (no check is switched off)")
    func unrecordedRows() {
        let row = Self.row(knownWrong: false, verdict: .pass)
        let unrecorded = RegressionGate.check([row], against: [], complete: true)[0]
        #expect(unrecorded.new && unrecorded.regressions.map(\.measure) == ["baseline"])
        var blank = RegressionGate.baseline(of: [row])
        blank[0].maxAbsError = nil
        #expect(
            RegressionGate.check([row], against: blank, complete: true)[0].regressions.map(\.measure) == ["max error"])
    }
}
