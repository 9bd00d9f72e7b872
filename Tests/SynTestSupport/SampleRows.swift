import SynReports

/// Hand-made suite rows, invented to exercise every kind of report cell: a pass with a
/// convergence study, a fail, a row that could not run (with a pipe in its reason) and a caught
/// known-wrong variant. Used by the golden-file and the file-format tests.
public enum SampleRows {
    public static let rows: [SuiteRow] = [
        SuiteRow(
            model: "exp", method: "classic_rk4", endTime: 50, rung: "dt = 0.025 ms", unit: "nS", knownWrong: false,
            claim: nil,
            correction: nil, passed: true, error: false, maxAbsError: 3.78e-10, peakTimeError: 0, measuredOrder: 4.05,
            nominalOrder: 4, orderHolds: true, errorGrowthFactor: 2, orderTolerance: 0.2, reasons: [],
            convergence: .init(
                dt: [0.1, 0.05], errors: [1.6e-6, 1e-7], pairwiseOrders: [4], excluded: [],
                rhsEvaluations: [2000, 4000]),
            tolerance: nil),
        SuiteRow(
            model: "ampa", method: "heun", endTime: 50, rung: "dt = 0.025 ms", unit: "1", knownWrong: false, claim: nil,
            correction: nil, passed: false, error: false, maxAbsError: 0.00496, peakTimeError: 7.2e-12,
            measuredOrder: 1.02,
            nominalOrder: 2, orderHolds: false, errorGrowthFactor: 2, orderTolerance: 0.2,
            reasons: ["convergence order 1.02 against nominal 2 (allowed ± 0.2)"], convergence: nil, tolerance: nil),
        SuiteRow(
            model: "lif-coba", method: "exact", endTime: 1000, rung: "—", unit: "mV", knownWrong: false, claim: nil,
            correction: nil, passed: false, error: true, maxAbsError: nil, peakTimeError: nil, measuredOrder: nil,
            nominalOrder: nil, orderHolds: nil, errorGrowthFactor: 2, orderTolerance: 0.2,
            reasons: ["exact propagation needs a linear system | with constant coefficients"], convergence: nil,
            tolerance: .init(eps: [1e-4, 1e-6], errors: [1e-5, 1e-7], rhsEvaluations: [300, 400])),
        SuiteRow(
            model: "exp-seed-sign", method: "rk8pd", endTime: 50, rung: "eps = 1e-10", unit: "nS", knownWrong: true,
            claim: "g(t) = g̅·exp((t − t_s)/τ)", correction: "g(t) = g̅·exp(−(t − t_s)/τ)",
            passed: true, error: false,
            maxAbsError: 110132.3, peakTimeError: nil, measuredOrder: nil, nominalOrder: nil, orderHolds: nil,
            errorGrowthFactor: 2, orderTolerance: 0.2, reasons: ["diverges: the claimed solution grows to 110132"],
            convergence: nil, tolerance: nil),
    ]
}
