import SynReports
import SynTestSupport
import SynVerification
import Testing

@testable import SynFiles

/// The gate's files read back what was written (no subprocess), and refuse what they cannot use
/// with one line naming the file and the place.
@Suite("Gate files: baseline and shard outcomes")
struct GateFileTests {
    /// Values chosen to need all 17 significant digits, null members and both flags.
    static let entries: [RegressionGate.BaselineEntry] = [
        .init(
            model: "exp", method: "classic_rk4", maxAbsError: 3.7812345678901234e-10, measuredOrder: 4.0512345678901234,
            nominalOrder: 4, passed: true, knownWrong: false),
        .init(
            model: "exp-seed-sign", method: "rk8pd", maxAbsError: 110132.32874703394, measuredOrder: nil,
            nominalOrder: nil, passed: true, knownWrong: true),
        .init(
            model: "lif-coba", method: "msbdf", maxAbsError: nil, measuredOrder: nil, nominalOrder: 5, passed: false,
            knownWrong: false),
    ]

    @Test("a baseline reads back equal, bit for bit")
    func baselineRoundTrip() throws {
        let text = BaselineFile.serialize(Self.entries)
        #expect(try BaselineFile.parse(text, file: "b.json") == Self.entries)
        #expect(BaselineFile.changes(from: Self.entries, to: Self.entries).isEmpty)
    }

    @Test(
        "a baseline it cannot use is one line naming the file",
        arguments: [
            ("{}", "schema_version must be 2"),
            (#"{"schema_version": 2}"#, "'entries' must be a list of objects"),
            (#"{"schema_version": 2, "entries": [{"model": "exp"}]}"#, "entries[0] needs model, method"),
            (
                #"{"schema_version": 2, "entries": [{"model": "a", "method": "b", "passed": true, "#
                    + #""known_wrong": false, "error_growth_factor": 2, "order_tolerance": 0.2, "#
                    + #""max_abs_error": "x"}]}"#,
                "entries[0].max_abs_error must be a finite number or null"
            ),
            ("[1,", "not a JSON object"),
            (
                #"{"schema_version": 2, "entries": [{"model": "a", "method": "b", "passed": true, "#
                    + #""known_wrong": false, "error_growth_factor": 1e300, "order_tolerance": 0.2}]}"#,
                "entries[0] needs error_growth_factor (1.0...10.0) and order_tolerance (0.01...1.0)"
            ),
        ])
    func badBaseline(input: (String, String)) {
        #expect {
            try BaselineFile.parse(input.0, file: "b.json")
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("baseline b.json: ") && text.contains(input.1) && !text.contains("\n")
        }
    }

    static let suite = SuiteFile.identity(of: .builtIn)
    static let baselineIdentity = String(repeating: "ab", count: 32)

    /// `merge` with an empty baseline of identity `baselineIdentity`.
    static func merge(_ files: [(String, OutcomesFile.Contents)]) throws(FormatError)
        -> (outcomes: [RegressionGate.Outcome], rows: [SuiteRow])
    {
        try OutcomesFile.merge(files.map { (path: $0.0, contents: $0.1) }, baseline: ([], baselineIdentity, "b.json"))
    }

    static func contents(share: VerificationSuite.Share, rows: [SuiteRow]) -> OutcomesFile.Contents {
        let outcomes = rows.enumerated().map { k, row in
            let key = "\(row.model) / \(row.method)"
            let regressions =
                k == 0
                ? [
                    RegressionGate.Regression(
                        row: key, measure: "max error", before: "1e-10", after: "3e-10", allowed: "≤ 2e-10")
                ]
                : []
            return RegressionGate.Outcome(row: key, regressions: regressions, new: k == 1)
        }
        return OutcomesFile.Contents(
            suite: Self.suite, baseline: Self.baselineIdentity, shard: share, outcomes: outcomes, rows: rows)
    }

    @Test("shard outcomes read back equal, and shares merge back into suite order")
    func outcomesRoundTripAndMerge() throws {
        let rows = SampleRows.rows
        let shares = (1...3).map { i in
            let share = VerificationSuite.Share(index: i, count: 3)!
            let mine = rows.indices.filter { $0 % 3 == i - 1 }.map { rows[$0] }
            return Self.contents(share: share, rows: mine)
        }
        for contents in shares {
            #expect(try OutcomesFile.parse(OutcomesFile.serialize(contents), file: "o.json") == contents)
        }
        // Given in any order, the shares merge back into the rows' order.
        let merged = try Self.merge([("c", shares[2]), ("a", shares[0]), ("b", shares[1])])
        #expect(merged.rows == rows)
        // Judged again against the (empty) baseline: every row is unrecorded, whatever the shares said.
        #expect(merged.outcomes.map(\.row) == rows.map { "\($0.model) / \($0.method)" })
        #expect(merged.outcomes.allSatisfy { $0.new && $0.regressions.map(\.measure) == ["baseline"] })
    }

    @Test("a baseline that would switch checks off is refused: repeated rows or keys, impossible values")
    func untrustworthyBaseline() {
        let row =
            #"{"model": "exp", "method": "euler", "passed": true, "known_wrong": false, "#
            + #""error_growth_factor": 2, "order_tolerance": 0.2"#
        let cases: [(String, String)] = [
            ("[\(row)}, \(row)}]", "entries[1] repeats exp / euler of entries[0]"),
            ("[\(row), \"passed\": false}]", "duplicate member 'passed'"),
            ("[\(row), \"max_abs_error\": 1e300}]", "max_abs_error 1e+300 is impossible"),
            ("[\(row), \"max_abs_error\": -1}]", "max_abs_error -1.0 is impossible"),
            ("[\(row), \"measured_order\": 1e9}]", "measured_order 1000000000.0 is impossible"),
            ("[\(row), \"nominal_order\": 99}]", "nominal_order 99 is impossible"),
        ]
        for (entries, message) in cases {
            let text = #"{"schema_version": 2, "entries": "# + entries + "}"
            #expect(throws: FormatError.self, "\(message)") { try BaselineFile.parse(text, file: "b.json") }
            do {
                _ = try BaselineFile.parse(text, file: "b.json")
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
    }

    @Test("outcome files of another suite are not merged")
    func otherSuite() throws {
        let one = Self.contents(share: VerificationSuite.Share(index: 1, count: 2)!, rows: [])
        var two = Self.contents(share: VerificationSuite.Share(index: 2, count: 2)!, rows: [])
        var smaller = VerificationSuite.builtIn
        smaller.entries.removeLast()
        two.suite = SuiteFile.identity(of: smaller)
        #expect(two.suite != one.suite && two.suite.count == 64)
        #expect(throws: FormatError("b: share 2/2 is of another suite than a; merge shares of one run")) {
            try Self.merge([("a", one), ("b", two)])
        }
        // The identity travels in the file.
        #expect(try OutcomesFile.parse(OutcomesFile.serialize(two), file: "o.json").suite == two.suite)
    }

    @Test("merge refuses a share given twice, a missing share and mixed counts")
    func mergeRefuses() {
        let one = Self.contents(share: VerificationSuite.Share(index: 1, count: 2)!, rows: [])
        let two = Self.contents(share: VerificationSuite.Share(index: 2, count: 2)!, rows: [])
        let other = Self.contents(share: VerificationSuite.Share(index: 1, count: 3)!, rows: [])
        #expect(throws: FormatError("b: share 1/2 is given twice")) {
            try Self.merge([("a", one), ("b", one)])
        }
        #expect(throws: FormatError("merge: share(s) 2/2 missing")) { try Self.merge([("a", one)]) }
        #expect(throws: FormatError("c: share 1/3 does not match the other files' /2")) {
            try Self.merge([("a", one), ("b", two), ("c", other)])
        }
        #expect(throws: FormatError("merge: give the outcome files of every shard")) { try Self.merge([]) }
    }

    @Test(
        "shares are i/n with 1 ≤ i ≤ n ≤ 1000",
        arguments: ["0/4", "5/4", "1/0", "1/1001", "1", "a/b", "1/2/3", ""])
    func badShares(text: String) {
        #expect(VerificationSuite.Share(text) == nil)
    }

    @Test("a share prints as it is written")
    func shareText() {
        #expect(VerificationSuite.Share("2/4")?.description == "2/4")
        #expect(VerificationSuite.Share("1000/1000")?.index == 1000)
    }
}
