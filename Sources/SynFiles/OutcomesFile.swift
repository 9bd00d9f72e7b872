import SynReports
import SynSystem
import SynVerification

/// The outcomes of one share of a check (`check --shard i/n --outcomes FILE`), read back by
/// `merge`: `schema_version`, the suite's identity (`SuiteFile.identity`), the identity of the
/// baseline it was judged against (`BaselineFile.readWithIdentity`), the share, the gate's outcome
/// per row and the rows' results (with what the gate reads of them), in suite order.
public enum OutcomesFile {
    public static let schemaVersion = 3

    /// What one outcomes file holds.
    public struct Contents: Sendable, Equatable {
        /// `SuiteFile.identity` of the whole suite the share was taken from.
        public var suite: String
        /// The SHA-256 of the baseline file the share was judged against.
        public var baseline: String
        public var shard: VerificationSuite.Share
        public var outcomes: [RegressionGate.Outcome]
        public var rows: [SuiteRow]
        public init(
            suite: String, baseline: String, shard: VerificationSuite.Share, outcomes: [RegressionGate.Outcome],
            rows: [SuiteRow]
        ) {
            self.suite = suite
            self.baseline = baseline
            self.shard = shard
            self.outcomes = outcomes
            self.rows = rows
        }
    }

    public static func serialize(_ contents: Contents) -> String {
        let outcomes: [JSONValue] = contents.outcomes.map { o in
            let regressions = o.regressions.map { r in
                JSONValue.object([
                    ("measure", .string(r.measure)), ("before", .string(r.before)), ("after", .string(r.after)),
                    ("allowed", .string(r.allowed)),
                ])
            }
            return .object([("row", .string(o.row)), ("new", .bool(o.new)), ("regressions", .array(regressions))])
        }
        let file = JSONValue.object([
            ("schema_version", .integer(schemaVersion)), ("suite", .string(contents.suite)),
            ("baseline", .string(contents.baseline)),
            ("shard", .string(contents.shard.description)),
            ("outcomes", .array(outcomes)), ("results", .array(contents.rows.map(ResultsFile.json))),
        ])
        return file.serialized(pretty: true) + "\n"
    }

    /// The contents of the outcomes file at `path`.
    public static func read(_ path: String) throws -> Contents {
        try parse(FileSystem.readText(path), file: path)
    }

    /// The contents of an outcomes file's text; `file` names it in errors.
    public static func parse(_ text: String, file path: String) throws(FormatError) -> Contents {
        func bad(_ why: String) -> FormatError {
            FormatError("outcomes \(path): \(why) (write it with `synverify check --outcomes`)")
        }
        let object = try JSONFields.document(text, schemaVersion: schemaVersion, bad)
        guard let suite = object["suite"]?.stringValue, suite.count == 64 else {
            throw bad("'suite' must be the suite's SHA-256 identity")
        }
        guard let baseline = object["baseline"]?.stringValue, baseline.count == 64 else {
            throw bad("'baseline' must be the SHA-256 of the baseline it was judged against")
        }
        guard let shard = object["shard"]?.stringValue.flatMap(VerificationSuite.Share.init) else {
            throw bad("'shard' must be \"i/n\"")
        }
        guard let list = object["outcomes"]?.arrayValue else { throw bad("'outcomes' must be a list of objects") }
        var outcomes: [RegressionGate.Outcome] = []
        for (k, row) in list.enumerated() {
            guard let name = row["row"]?.stringValue, let new = row["new"]?.boolValue,
                let regressionList = row["regressions"]?.arrayValue
            else {
                throw bad("outcomes[\(k)] needs row, new and regressions")
            }
            var regressions: [RegressionGate.Regression] = []
            for r in regressionList {
                guard let measure = r["measure"]?.stringValue, let before = r["before"]?.stringValue,
                    let after = r["after"]?.stringValue, let allowed = r["allowed"]?.stringValue
                else {
                    throw bad("outcomes[\(k)].regressions needs measure, before, after and allowed")
                }
                regressions.append(
                    .init(row: name, measure: measure, before: before, after: after, allowed: allowed))
            }
            outcomes.append(.init(row: name, regressions: regressions, new: new))
        }
        guard let results = object["results"]?.arrayValue else { throw bad("'results' must be a list of objects") }
        var rows: [SuiteRow] = []
        for (k, row) in results.enumerated() {
            rows.append(try ResultsFile.row(row, at: "results[\(k)]", bad))
        }
        return Contents(suite: suite, baseline: baseline, shard: shard, outcomes: outcomes, rows: rows)
    }
}

extension OutcomesFile {
    /// The rows of every share, back in suite order, judged again against `baseline` (its
    /// entries and identity) exactly as `check` judges a run: what a share says of itself is not
    /// trusted. `files` are the outcome files (path and contents); each share 1 … n must be given
    /// exactly once, all of the same n, of one suite, judged against this very baseline.
    public static func merge(
        _ files: [(path: String, contents: Contents)],
        baseline: (entries: [RegressionGate.BaselineEntry], identity: String, path: String)
    ) throws(FormatError) -> (outcomes: [RegressionGate.Outcome], rows: [SuiteRow]) {
        for (path, contents) in files where contents.baseline != baseline.identity {
            throw FormatError(
                "\(path): share \(contents.shard) was judged against another baseline than \(baseline.path) "
                    + "(SHA-256 \(contents.baseline.prefix(12))…, not \(baseline.identity.prefix(12))…); "
                    + "check every shard with --baseline \(baseline.path)")
        }
        guard let count = files.first?.contents.shard.count else {
            throw FormatError("merge: give the outcome files of every shard")
        }
        var shares = [Contents?](repeating: nil, count: count)
        let suite = files[0].contents.suite
        for (path, contents) in files {
            let share = contents.shard
            guard contents.suite == suite else {
                throw FormatError(
                    "\(path): share \(share) is of another suite than \(files[0].path); merge shares of one run")
            }
            guard share.count == count else {
                throw FormatError("\(path): share \(share) does not match the other files' /\(count)")
            }
            guard shares[share.index - 1] == nil else { throw FormatError("\(path): share \(share) is given twice") }
            shares[share.index - 1] = contents
        }
        let missing = (1...count).filter { shares[$0 - 1] == nil }
        guard missing.isEmpty else {
            throw FormatError("merge: share(s) \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) missing")
        }
        let present = shares.compactMap { $0 }
        let rows = VerificationSuite.interleave(present.map(\.rows))
        let outcomes = RegressionGate.check(
            rows: rows.map(RegressionGate.GateRow.init), against: baseline.entries, complete: true)
        return (outcomes, rows)
    }
}
