import SynFiles
import Testing

@testable import SynReports

/// The overview renderer and results.json on hand-made rows, against reviewed golden files
/// (re-record with RECORD_SNAPSHOTS=1). The rows are invented to exercise each cell kind.
@Suite("Suite report golden files")
struct SuiteReportGoldenTests {
    static let rows: [SuiteRow] = [
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
            claim: "g(t) = g̅·exp((t − t_s)/τ)", correction: "g(t) = g̅·exp(−(t − t_s)/τ)", passed: true, error: false,
            maxAbsError: 110132.3, peakTimeError: nil, measuredOrder: nil, nominalOrder: nil, orderHolds: nil,
            errorGrowthFactor: 2, orderTolerance: 0.2, reasons: ["diverges: the claimed solution grows to 110132"],
            convergence: nil, tolerance: nil),
    ]

    @Test("overview with page links, and as merged from shards")
    func overview() throws {
        let linked = SuiteReport.overview(Self.rows)
        // Hand-checked facts: 1 of 3 correct rows verified, the seed variant caught, two findings,
        // a pipe inside a reason escaped, units shown except for dimensionless values.
        #expect(
            linked.contains("**1 of 3** model × method pairs verified; **1 of 1** known-wrong seed variants caught."))
        #expect(
            linked.contains(
                "| [exp](models/exp.md) | classic_rk4 | dt = 0.025 ms | 3.78e-10 nS | 0 | 4.05 / 4 | pass |"))
        #expect(
            linked.contains(
                "| [ampa](models/ampa.md) | heun | dt = 0.025 ms | 0.00496 | 7.2e-12 | 1.02 / 2 | **FAIL** |"))
        #expect(linked.contains("| **error** |") && linked.contains("linear system \\| with"))
        try assertSnapshot(linked, named: "overview.md")
        try assertSnapshot(SuiteReport.overview(Self.rows, linkPages: false), named: "overview-merged.md")
    }

    @Test("results.json of the rows, and its rows read back equal")
    func json() throws {
        let text = ResultsFile.serialize(Self.rows)
        try assertSnapshot(text, named: "results.json")
        let parsed = try JSONReader.parse(text)
        #expect(parsed.serialized(pretty: true) + "\n" == text)
        let rows = try #require(parsed["results"]?.arrayValue).enumerated().map { k, row in
            try ResultsFile.row(row, at: "results[\(k)]") { FormatError($0) }
        }
        #expect(rows == Self.rows)
    }
}
