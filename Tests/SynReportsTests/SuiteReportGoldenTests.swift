import SynFiles
import SynTestSupport
import Testing

@testable import SynReports

/// The overview renderer and results.json on hand-made rows, against reviewed golden files
/// (re-record with RECORD_SNAPSHOTS=1). The rows are invented to exercise each cell kind.
@Suite("Suite report golden files")
struct SuiteReportGoldenTests {
    static let rows = SampleRows.rows

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
