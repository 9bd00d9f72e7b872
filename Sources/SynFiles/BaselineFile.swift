import Crypto
import SynReports
import SynSystem
import SynVerification

/// `data/baseline.json`, the CI gate's record: `schema_version` and one row per model × method
/// (`synverify baseline --write` writes it, `check` and `merge` read it), each with the gate
/// settings it was recorded under (schema 2; a schema-1 baseline, which had none, is refused
/// with the command that re-records it).
public enum BaselineFile {
    public static let schemaVersion = 2

    public static func serialize(_ entries: [RegressionGate.BaselineEntry]) -> String {
        func number(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }
        let rows: [JSONValue] = entries.map { e in
            .object(
                [
                    ("model", .string(e.model)), ("method", .string(e.method)),
                    ("max_abs_error", number(e.maxAbsError)),
                    ("measured_order", number(e.measuredOrder)),
                    ("nominal_order", e.nominalOrder.map { .integer($0) } ?? .null),
                    ("passed", .bool(e.passed)), ("known_wrong", .bool(e.knownWrong)),
                    ("error_growth_factor", .number(e.errorGrowthFactor)),
                    ("order_tolerance", .number(e.orderTolerance)),
                ]
                    + (e.variableErrors.isEmpty
                        ? []
                        : [
                            (
                                "variable_max_abs_errors",
                                .object(e.variableErrors.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) })
                            )
                        ]))
        }
        let file = JSONValue.object([("schema_version", .integer(schemaVersion)), ("entries", .array(rows))])
        return file.serialized(pretty: true) + "\n"
    }

    /// The baseline at `path` and its identity: the SHA-256 (hex) of its bytes, which a shard's
    /// outcomes record so that `merge` never combines verdicts judged against another baseline.
    public static func readWithIdentity(_ path: String) throws -> (
        entries: [RegressionGate.BaselineEntry], identity: String
    ) {
        let entries = try read(path)
        let bytes = try FileSystem.readBytes(path)
        return (entries, SHA256.hash(data: bytes).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined())
    }

    /// The entries of the baseline at `path`.
    public static func read(_ path: String) throws -> [RegressionGate.BaselineEntry] {
        guard FileSystem.exists(path) else {
            throw FormatError("baseline \(path) does not exist: record one with `synverify baseline --write`")
        }
        return try parse(FileSystem.readText(path), file: path)
    }

    /// The entries of a baseline's text; `file` names it in errors.
    public static func parse(_ text: String, file path: String) throws(FormatError) -> [RegressionGate.BaselineEntry] {
        func bad(_ why: String) -> FormatError {
            FormatError("baseline \(path): \(why); re-record it with `synverify baseline --write`")
        }
        let object = try JSONFields.document(text, schemaVersion: schemaVersion, bad)
        guard let rows = object["entries"]?.arrayValue else { throw bad("'entries' must be a list of objects") }
        var entries: [RegressionGate.BaselineEntry] = []
        var seen: [String: Int] = [:]
        for (k, row) in rows.enumerated() {
            let fields = JSONFields(row, at: "entries[\(k)]", bad)
            guard let model = row["model"]?.stringValue, let method = row["method"]?.stringValue,
                let passed = row["passed"]?.boolValue, let knownWrong = row["known_wrong"]?.boolValue
            else {
                throw bad("entries[\(k)] needs model, method, passed and known_wrong")
            }
            guard let growth = row["error_growth_factor"]?.doubleValue,
                RegressionGate.errorGrowthFactors.contains(growth),
                let tolerance = row["order_tolerance"]?.doubleValue, RegressionGate.orderTolerances.contains(tolerance)
            else {
                throw bad(
                    "entries[\(k)] needs error_growth_factor (\(RegressionGate.errorGrowthFactors)) and "
                        + "order_tolerance (\(RegressionGate.orderTolerances))")
            }
            var variableErrors: [String: Double] = [:]
            if let object = row["variable_max_abs_errors"] {
                guard let members = object.objectMembers else {
                    throw bad("entries[\(k)].variable_max_abs_errors must map variable names to numbers")
                }
                for (name, value) in members {
                    guard let error = value.doubleValue, error >= 0 && error < 1e100, variableErrors[name] == nil else {
                        throw bad(
                            "entries[\(k)].variable_max_abs_errors.\(name): expected one number 0 ≤ error < 1e100")
                    }
                    variableErrors[name] = error
                }
            }
            let entry = RegressionGate.BaselineEntry(
                model: model, method: method, maxAbsError: try fields.number("max_abs_error"),
                measuredOrder: try fields.number("measured_order"), nominalOrder: try fields.integer("nominal_order"),
                passed: passed, knownWrong: knownWrong, variableErrors: variableErrors, errorGrowthFactor: growth,
                orderTolerance: tolerance)
            if let first = seen[entry.key] { throw bad("entries[\(k)] repeats \(entry.key) of entries[\(first)]") }
            seen[entry.key] = k
            if let reason = implausible(entry) { throw bad("entries[\(k)] (\(entry.key)): \(reason)") }
            entries.append(entry)
        }
        return entries
    }

    /// Why a recorded row cannot be a real measurement, or nil: an allowance taken from it would
    /// switch the gate's checks off.
    static func implausible(_ e: RegressionGate.BaselineEntry) -> String? {
        if let error = e.maxAbsError, !(error >= 0 && error < 1e100) {
            return "max_abs_error \(error) is impossible: allowed 0 ≤ error < 1e100"
        }
        if let order = e.measuredOrder, !(abs(order) <= 100) {
            return "measured_order \(order) is impossible: allowed −100 … 100"
        }
        if let nominal = e.nominalOrder, !(0...16).contains(nominal) {
            return "nominal_order \(nominal) is impossible: allowed 0 … 16"
        }
        return nil
    }

    /// Lines naming the rows added, removed or changed.
    public static func changes(from old: [RegressionGate.BaselineEntry], to new: [RegressionGate.BaselineEntry])
        -> [String]
    {
        var lines: [String] = []
        let oldKeys = Dictionary(old.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let newKeys = Set(new.map(\.key))
        func show(_ x: Double?) -> String { x.map { NumberFormat.significant($0) } ?? "—" }
        for e in new {
            guard let o = oldKeys[e.key] else {
                lines.append("+ \(e.key)")
                continue
            }
            if o != e {
                lines.append(
                    "~ \(e.key): max error \(show(o.maxAbsError)) → \(show(e.maxAbsError)), "
                        + "order \(show(o.measuredOrder)) → \(show(e.measuredOrder)), passed \(o.passed) "
                        + "→ \(e.passed)")
            }
        }
        for o in old where !newKeys.contains(o.key) { lines.append("- \(o.key)") }
        return lines
    }
}
