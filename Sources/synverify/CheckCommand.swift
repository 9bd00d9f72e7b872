import ArgumentParser
import Foundation
import SynReports
import SynVerification

/// The suite and shard selection shared by `check` and `baseline`.
struct SuiteSelection: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Suite file (YAML); default: the built-in suite (= data/suite.yaml).", valueName: "file.yaml"))
    var suite: String?

    @Option(
        help: ArgumentHelp(
            "Run only share I of N (1-based), e.g. 2/4; shares partition the model × method pairs.", valueName: "i/n"))
    var shard: String?

    @Option(help: "Worker threads (1 … 64); the results do not depend on it.")
    var jobs: Int = 1

    func validate() throws {
        _ = try parsedShard()
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs: \(jobs) is out of range: allowed 1 … 64") }
    }

    func parsedShard() throws -> (index: Int, count: Int)? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 1000, (1...n).contains(i)
        else {
            throw ValidationError("--shard '\(shard)': expected i/n with 1 ≤ i ≤ n ≤ 1000")
        }
        return (i, n)
    }

    func load() throws -> VerificationSuite {
        let full =
            try suite.map { path throws in try SuiteFile.parse(readText(path), file: path, readSpec: readText) }
            ?? VerificationSuite.builtIn
        guard let (i, n) = try parsedShard() else { return full }
        return full.shard(i - 1, of: n)
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "The CI gate: run the suite and hold it against the committed baseline.",
        discussion: """
            Per model × method: the max error may grow by at most the entry's error_growth_factor (default 2) \
            or to 1e-13 × the largest closed-form value, the measured order must stay within ± order_tolerance \
            (default 0.2) of nominal (of the recorded order for a recorded finding), a pass may not turn into \
            a fail, and every known-wrong seed variant must still be caught. Exit 0 when all hold, 1 on a \
            regression, 2 on bad input.
            Example: synverify check --junit check.xml --summary check.md
            """
    )

    @OptionGroup var selection: SuiteSelection

    @Option(help: ArgumentHelp("Baseline written by `synverify baseline --write`.", valueName: "file.json"))
    var baseline: String = "data/baseline.json"

    @Option(help: ArgumentHelp("Also write JUnit XML (one test case per model × method).", valueName: "file.xml"))
    var junit: String?

    @Option(help: ArgumentHelp("Also write a markdown summary for a pull-request comment.", valueName: "file.md"))
    var summary: String?

    @Option(
        name: .customLong("outcomes"),
        help: ArgumentHelp(
            "Also write the per-row outcomes as JSON, for `synverify merge` of shards.", valueName: "file.json"))
    var outcomesFile: String?

    func run() throws {
        let recorded = try BaselineFile.read(baseline)
        let suite = try selection.load()
        let results = try SuiteRunner.run(suite, jobs: selection.jobs)
        let outcomes = RegressionGate.check(results, against: recorded, complete: selection.shard == nil)
        let regressions = outcomes.flatMap(\.regressions)
        if let outcomesFile {
            let shard = try selection.parsedShard() ?? (1, 1)
            try ReportWriter.writeAtomically(
                OutcomesFile.serialize(outcomes, rows: results.map(SuiteRow.init), shard: shard), toPath: outcomesFile)
        }
        if let junit { try ReportWriter.writeAtomically(GateReport.junit(outcomes), toPath: junit) }
        if let summary {
            try ReportWriter.writeAtomically(GateReport.markdown(outcomes, baseline: baseline), toPath: summary)
        }
        print(GateReport.text(outcomes), terminator: "")
        if !regressions.isEmpty { throw ExitCode(1) }
    }
}

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Record the gate's baseline (only with --write) and print what changed.",
        discussion: "Example: synverify baseline --write   (then review and commit data/baseline.json)"
    )

    @OptionGroup var selection: SuiteSelection

    @Option(help: ArgumentHelp("Baseline file.", valueName: "file.json"))
    var baseline: String = "data/baseline.json"

    @Flag(help: "Write the baseline; without it nothing is written.")
    var write = false

    func validate() throws {
        guard selection.shard == nil else { throw ValidationError("--shard: a baseline records the whole suite") }
    }

    func run() throws {
        let results = try SuiteRunner.run(try selection.load(), jobs: selection.jobs)
        let entries = RegressionGate.baseline(of: results)
        let previous = FileManager.default.fileExists(atPath: baseline) ? try BaselineFile.read(baseline) : []
        let changes = BaselineFile.changes(from: previous, to: entries)
        print(changes.isEmpty ? "baseline unchanged (\(entries.count) rows)" : changes.joined(separator: "\n"))
        if write {
            try ReportWriter.writeAtomically(BaselineFile.serialize(entries), toPath: baseline)
            print("wrote \(baseline)")
        } else if !changes.isEmpty {
            print("(not written: pass --write to record it)")
        }
    }
}

/// `data/baseline.json`: schema_version and one row per model × method.
enum BaselineFile {
    static let schemaVersion = 1

    static func serialize(_ entries: [RegressionGate.BaselineEntry]) -> String {
        func number(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }
        let rows: [JSONValue] = entries.map { e in
            .object([
                ("model", .string(e.model)), ("method", .string(e.method)), ("max_abs_error", number(e.maxAbsError)),
                ("measured_order", number(e.measuredOrder)),
                ("nominal_order", e.nominalOrder.map { .integer($0) } ?? .null),
                ("passed", .bool(e.passed)), ("known_wrong", .bool(e.knownWrong)),
            ])
        }
        return JSONValue.object([("schema_version", .integer(schemaVersion)), ("entries", .array(rows))]).serialized(
            pretty: true) + "\n"
    }

    static func read(_ path: String) throws -> [RegressionGate.BaselineEntry] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("baseline \(path) does not exist: record one with `synverify baseline --write`")
        }
        let text = try readText(path)
        func bad(_ why: String) -> ValidationError {
            ValidationError("baseline \(path): \(why); re-record it with `synverify baseline --write`")
        }
        let object: JSONValue
        do { object = try JSONReader.parse(text) } catch { throw bad("not a JSON object (\(error.description))") }
        guard object["schema_version"]?.intValue == schemaVersion else {
            throw bad("schema_version must be \(schemaVersion)")
        }
        guard let rows = object["entries"]?.arrayValue else { throw bad("'entries' must be a list of objects") }
        var entries: [RegressionGate.BaselineEntry] = []
        for (k, row) in rows.enumerated() {
            guard let model = row["model"]?.stringValue, let method = row["method"]?.stringValue,
                let passed = row["passed"]?.boolValue, let knownWrong = row["known_wrong"]?.boolValue
            else {
                throw bad("entries[\(k)] needs model, method, passed and known_wrong")
            }
            func optionalNumber(_ key: String) throws -> Double? {
                guard let value = row[key], !value.isNull else { return nil }
                guard let number = value.doubleValue else {
                    throw bad("entries[\(k)].\(key) must be a finite number or null")
                }
                return number
            }
            let nominal: Int?
            if let value = row["nominal_order"], !value.isNull {
                guard let n = value.intValue else {
                    throw bad("entries[\(k)].nominal_order must be an integer or null")
                }
                nominal = n
            } else {
                nominal = nil
            }
            entries.append(
                .init(
                    model: model, method: method, maxAbsError: try optionalNumber("max_abs_error"),
                    measuredOrder: try optionalNumber("measured_order"), nominalOrder: nominal, passed: passed,
                    knownWrong: knownWrong))
        }
        return entries
    }

    /// Lines naming the rows added, removed or changed.
    static func changes(from old: [RegressionGate.BaselineEntry], to new: [RegressionGate.BaselineEntry]) -> [String] {
        var lines: [String] = []
        let oldKeys = Dictionary(old.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let newKeys = Set(new.map(\.key))
        for e in new {
            guard let o = oldKeys[e.key] else {
                lines.append("+ \(e.key)")
                continue
            }
            if o != e {
                func show(_ x: Double?) -> String { x.map { NumberFormat.significant($0) } ?? "—" }
                lines.append(
                    "~ \(e.key): max error \(show(o.maxAbsError)) → \(show(e.maxAbsError)), order \(show(o.measuredOrder)) → \(show(e.measuredOrder)), passed \(o.passed) → \(e.passed)"
                )
            }
        }
        for o in old where !newKeys.contains(o.key) { lines.append("- \(o.key)") }
        return lines
    }
}

/// The gate's outputs: terminal text, JUnit XML, pull-request markdown. Deterministic.
enum GateReport {
    static func text(_ outcomes: [RegressionGate.Outcome]) -> String {
        let regressions = outcomes.flatMap(\.regressions)
        var out = ""
        if regressions.isEmpty {
            out += "synverify check: all \(outcomes.count) rows hold against the baseline\n"
        } else {
            out +=
                "synverify check: \(regressions.count) regression(s) in \(outcomes.filter { !$0.regressions.isEmpty }.count) of \(outcomes.count) rows\n"
            out += "row | measure | before | after | allowed\n"
            for r in regressions { out += "\(r.row) | \(r.measure) | \(r.before) | \(r.after) | \(r.allowed)\n" }
        }
        let new = outcomes.filter(\.new)
        if !new.isEmpty {
            out += "new rows without a baseline (not judged): " + new.map(\.row).joined(separator: ", ") + "\n"
        }
        return out
    }

    static func markdown(_ outcomes: [RegressionGate.Outcome], baseline: String) -> String {
        let regressions = outcomes.flatMap(\.regressions)
        var lines = ["## SynVerify check", ""]
        if regressions.isEmpty {
            lines.append("All \(outcomes.count) model × method rows hold against `\(baseline)`.")
        } else {
            lines.append("**\(regressions.count) regression(s)** against `\(baseline)`:")
            lines.append("")
            lines.append("| row | measure | before | after | allowed |")
            lines.append("|---|---|---|---|---|")
            for r in regressions {
                lines.append(
                    "| "
                        + [r.row, r.measure, r.before, r.after, r.allowed].map(SuiteReport.cell).joined(
                            separator: " | ") + " |")
            }
        }
        let new = outcomes.filter(\.new)
        if !new.isEmpty {
            lines.append("")
            lines.append(
                "New rows without a baseline (not judged): " + new.map { "`\($0.row)`" }.joined(separator: ", "))
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// JUnit XML: one `testsuite`, one `testcase` per row (classname synverify.MODEL, name
    /// METHOD), a `failure` per regressed row. `time` is the constant 0: reports carry no timings.
    static func junit(_ outcomes: [RegressionGate.Outcome]) -> String {
        let failures = outcomes.filter { !$0.regressions.isEmpty }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<testsuites name=\"synverify\" tests=\"\(outcomes.count)\" failures=\"\(failures)\" errors=\"0\" time=\"0\">\n"
        out +=
            "  <testsuite name=\"synverify check\" tests=\"\(outcomes.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\" time=\"0\">\n"
        for outcome in outcomes {
            let parts = outcome.row.components(separatedBy: " / ")
            let model = parts.first ?? outcome.row
            let method = parts.count > 1 ? parts[1] : ""
            out += "    <testcase classname=\"synverify.\(xml(model))\" name=\"\(xml(method))\" time=\"0\""
            if outcome.regressions.isEmpty {
                out += "/>\n"
            } else {
                out += ">\n"
                let message = outcome.regressions.map {
                    "\($0.measure): \($0.before) → \($0.after) (allowed \($0.allowed))"
                }.joined(separator: "; ")
                out += "      <failure type=\"regression\" message=\"\(xml(message))\">\(xml(message))</failure>\n"
                out += "    </testcase>\n"
            }
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    static func xml(_ text: String) -> String { XMLText.escaped(text) }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the outcomes of `check --shard i/n --outcomes FILE` into one verdict.",
        discussion: """
            Needs every share 1 … n exactly once. Rows come back in the suite's order; a baseline row that \
            no shard ran is a regression. Exit 0 when all hold, 1 on a regression, 2 on bad input.
            Example: synverify merge shard-1.json shard-2.json --junit check.xml --summary check.md
            """
    )

    @Argument(help: "Outcome files written by `check --outcomes` (one per shard).")
    var files: [String]

    @Option(help: ArgumentHelp("Baseline the shards were checked against.", valueName: "file.json"))
    var baseline: String = "data/baseline.json"

    @Option(help: ArgumentHelp("Also write JUnit XML.", valueName: "file.xml"))
    var junit: String?

    @Option(help: ArgumentHelp("Also write a markdown summary.", valueName: "file.md"))
    var summary: String?

    @Option(
        help: ArgumentHelp(
            "Also write the merged report (README.md and results.json, no model pages) into this directory.",
            valueName: "dir"))
    var output: String?

    func run() throws {
        guard !files.isEmpty else { throw ValidationError("merge: give the outcome files of every shard") }
        var shards: [Int: [RegressionGate.Outcome]] = [:]
        var shardRows: [Int: [SuiteRow]] = [:]
        var count: Int?
        for file in files {
            let (shard, outcomes, rows) = try OutcomesFile.read(file)
            if let count, count != shard.count {
                throw ValidationError(
                    "\(file): share \(shard.index)/\(shard.count) does not match the other files' /\(count)")
            }
            count = shard.count
            guard shards[shard.index] == nil else {
                throw ValidationError("\(file): share \(shard.index)/\(shard.count) is given twice")
            }
            shards[shard.index] = outcomes
            shardRows[shard.index] = rows
        }
        let n = count ?? 1
        let missing = (1...n).filter { shards[$0] == nil }
        guard missing.isEmpty else {
            throw ValidationError("merge: share(s) \(missing.map { "\($0)/\(n)" }.joined(separator: ", ")) missing")
        }
        // Share i holds suite positions i−1, i−1+n, …: interleave them back into suite order.
        var merged: [RegressionGate.Outcome] = []
        let longest = shards.values.map(\.count).max() ?? 0
        for k in 0..<longest {
            for i in 1...n where k < shards[i]!.count { merged.append(shards[i]![k]) }
        }
        var rows: [SuiteRow] = []
        let longestRows = shardRows.values.map(\.count).max() ?? 0
        for k in 0..<longestRows {
            for i in 1...n where k < shardRows[i]!.count { rows.append(shardRows[i]![k]) }
        }
        if let output {
            try ReportDirectory.replace(
                output,
                with: [
                    ("README.md", SuiteReport.overview(rows, linkPages: false)),
                    ("results.json", SuiteReport.json(rows).serialized(pretty: true) + "\n"),
                ])
        }
        let ran = Set(merged.map(\.row))
        for entry in try BaselineFile.read(baseline) where !ran.contains(entry.key) {
            merged.append(
                .init(
                    row: entry.key,
                    regressions: [
                        .init(
                            row: entry.key, measure: "presence", before: "ran", after: "did not run",
                            allowed: "in the suite")
                    ], new: false))
        }
        if let junit { try ReportWriter.writeAtomically(GateReport.junit(merged), toPath: junit) }
        if let summary {
            try ReportWriter.writeAtomically(GateReport.markdown(merged, baseline: baseline), toPath: summary)
        }
        print(GateReport.text(merged), terminator: "")
        if merged.contains(where: { !$0.regressions.isEmpty }) { throw ExitCode(1) }
    }
}

/// The outcomes of one (share of a) check, as JSON: schema_version, shard and rows in order.
enum OutcomesFile {
    static func serialize(_ outcomes: [RegressionGate.Outcome], rows: [SuiteRow], shard: (index: Int, count: Int))
        -> String
    {
        let rowsJSON: [JSONValue] = outcomes.map { o in
            .object([
                ("row", .string(o.row)), ("new", .bool(o.new)),
                (
                    "regressions",
                    .array(
                        o.regressions.map { r in
                            .object([
                                ("measure", .string(r.measure)), ("before", .string(r.before)),
                                ("after", .string(r.after)), ("allowed", .string(r.allowed)),
                            ])
                        })
                ),
            ])
        }
        return JSONValue.object([
            ("schema_version", .integer(1)), ("shard", .string("\(shard.index)/\(shard.count)")),
            ("outcomes", .array(rowsJSON)),
            ("results", .array(rows.map(\.json))),
        ])
        .serialized(pretty: true) + "\n"
    }

    static func read(_ path: String) throws -> (
        shard: (index: Int, count: Int), outcomes: [RegressionGate.Outcome], rows: [SuiteRow]
    ) {
        let text = try readText(path)
        func bad(_ why: String) -> ValidationError {
            ValidationError("outcomes \(path): \(why) (write it with `synverify check --outcomes`)")
        }
        let object: JSONValue
        do { object = try JSONReader.parse(text) } catch { throw bad("not a JSON object (\(error.description))") }
        guard object["schema_version"]?.intValue == 1 else { throw bad("schema_version must be 1") }
        let parts = object["shard"]?.stringValue?.split(separator: "/").compactMap { Int($0) } ?? []
        guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else {
            throw bad("'shard' must be \"i/n\"")
        }
        guard let rows = object["outcomes"]?.arrayValue else { throw bad("'outcomes' must be a list of objects") }
        var outcomes: [RegressionGate.Outcome] = []
        for (k, row) in rows.enumerated() {
            guard let name = row["row"]?.stringValue, let new = row["new"]?.boolValue,
                let list = row["regressions"]?.arrayValue
            else {
                throw bad("outcomes[\(k)] needs row, new and regressions")
            }
            var regressions: [RegressionGate.Regression] = []
            for r in list {
                guard let measure = r["measure"]?.stringValue, let before = r["before"]?.stringValue,
                    let after = r["after"]?.stringValue, let allowed = r["allowed"]?.stringValue
                else {
                    throw bad("outcomes[\(k)].regressions needs measure, before, after and allowed")
                }
                regressions.append(.init(row: name, measure: measure, before: before, after: after, allowed: allowed))
            }
            outcomes.append(.init(row: name, regressions: regressions, new: new))
        }
        guard let resultRows = object["results"]?.arrayValue else { throw bad("'results' must be a list of objects") }
        var suiteRows: [SuiteRow] = []
        for (k, row) in resultRows.enumerated() {
            suiteRows.append(try SuiteRowReader.read(row, at: "results[\(k)]", bad))
        }
        return ((parts[0], parts[1]), outcomes, suiteRows)
    }
}

/// Reads a `results.json` row back (as written by `SuiteRow.json`), numbers bit for bit.
enum SuiteRowReader {
    static func read(_ row: JSONValue, at place: String, _ bad: (String) -> ValidationError) throws -> SuiteRow {
        func value(_ key: String) -> JSONValue? {
            guard let v = row[key], !v.isNull else { return nil }
            return v
        }
        func required<T>(_ key: String, _ get: (JSONValue) -> T?) throws -> T {
            guard let v = value(key).flatMap(get) else { throw bad("\(place).\(key) is missing or of the wrong type") }
            return v
        }
        func number(_ key: String) throws -> Double? {
            guard let v = value(key) else { return nil }
            guard let d = v.doubleValue else { throw bad("\(place).\(key) must be a number or null") }
            return d
        }
        func doubles(_ object: JSONValue, _ key: String) throws -> [Double] {
            guard let list = object[key]?.arrayValue?.map(\.doubleValue), list.allSatisfy({ $0 != nil }) else {
                throw bad("\(place).\(key) must be a list of numbers")
            }
            return list.map { $0! }
        }
        func ints(_ object: JSONValue, _ key: String) throws -> [Int] {
            guard let list = object[key]?.arrayValue?.map(\.intValue), list.allSatisfy({ $0 != nil }) else {
                throw bad("\(place).\(key) must be a list of integers")
            }
            return list.map { $0! }
        }
        var convergence: SuiteRow.Convergence?
        if let c = value("convergence") {
            let excluded = try (c["excluded"]?.arrayValue ?? []).map { e throws -> SuiteRow.Excluded in
                guard let index = e["index"]?.intValue, let reason = e["reason"]?.stringValue else {
                    throw bad("\(place).convergence.excluded needs index and reason")
                }
                return SuiteRow.Excluded(index: index, reason: reason)
            }
            convergence = .init(
                dt: try doubles(c, "dt_ms"), errors: try doubles(c, "errors"),
                pairwiseOrders: try doubles(c, "pairwise_orders"),
                excluded: excluded, rhsEvaluations: try ints(c, "rhs_evaluations"))
        }
        var tolerance: SuiteRow.Tolerance?
        if let t = value("tolerance") {
            tolerance = .init(
                eps: try doubles(t, "eps"), errors: try doubles(t, "errors"),
                rhsEvaluations: try ints(t, "rhs_evaluations"))
        }
        return SuiteRow(
            model: try required("model", \.stringValue), method: try required("method", \.stringValue),
            endTime: try required("t_end_ms", \.doubleValue), rung: try required("rung", \.stringValue),
            unit: try required("unit", \.stringValue), knownWrong: try required("known_wrong", \.boolValue),
            claim: value("claim")?.stringValue, correction: value("correction")?.stringValue,
            passed: try required("passed", \.boolValue), error: try required("error", \.boolValue),
            maxAbsError: try number("max_abs_error"), peakTimeError: try number("peak_time_error_ms"),
            measuredOrder: try number("measured_order"), nominalOrder: value("nominal_order")?.intValue,
            orderHolds: value("order_holds")?.boolValue,
            errorGrowthFactor: try required("error_growth_factor", \.doubleValue),
            orderTolerance: try required("order_tolerance", \.doubleValue),
            reasons: try required("reasons") { $0.arrayValue?.compactMap(\.stringValue) },
            convergence: convergence, tolerance: tolerance)
    }
}
