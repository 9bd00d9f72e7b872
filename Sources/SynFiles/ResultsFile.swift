import SynReports
import SynVerification

/// `results.json` of a report (`schema_version` 1): every suite row's figures and the f–I
/// curves. Written by `report`, `verify --report` and `merge`; its rows are also what
/// `check --outcomes` stores and `merge` reads back, numbers bit for bit.
public enum ResultsFile {
    public static let schemaVersion = 1

    /// The text of `results.json`.
    public static func serialize(_ rows: [SuiteRow], fi: FICurves? = nil) -> String {
        var members: [(String, JSONValue)] = [
            ("schema_version", .integer(schemaVersion)), ("results", .array(rows.map(json))),
        ]
        if let fi { members.append(("fi_curves", json(fi))) }
        return JSONValue.object(members).serialized(pretty: true) + "\n"
    }

    /// One row as a `results.json` object.
    public static func json(_ row: SuiteRow) -> JSONValue {
        func number(_ x: Double?) -> JSONValue { x.map { .number($0) } ?? .null }
        func string(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        var members: [(String, JSONValue)] = [
            ("model", .string(row.model)),
            ("method", .string(row.method)),
            ("t_end_ms", .number(row.endTime)),
            ("rung", .string(row.rung)),
            ("unit", .string(row.unit)),
            ("known_wrong", .bool(row.knownWrong)),
            ("claim", string(row.claim)),
            ("correction", string(row.correction)),
            ("passed", .bool(row.passed)),
            ("error", .bool(row.error)),
            ("max_abs_error", number(row.maxAbsError)),
            ("peak_time_error_ms", number(row.peakTimeError)),
            ("measured_order", number(row.measuredOrder)),
            ("nominal_order", row.nominalOrder.map { .integer($0) } ?? .null),
            ("error_growth_factor", .number(row.errorGrowthFactor)),
            ("order_tolerance", .number(row.orderTolerance)),
            ("order_holds", row.orderHolds.map { .bool($0) } ?? .null),
            ("reasons", .array(row.reasons.map { .string($0) })),
            ("gate_scale", .number(row.gateScale)),
            (
                "variable_max_abs_errors",
                .object(row.variableErrors.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) })
            ),
        ]
        if let c = row.convergence {
            let excluded = c.excluded.map {
                JSONValue.object([("index", .integer($0.index)), ("reason", .string($0.reason))])
            }
            members.append(
                (
                    "convergence",
                    .object([
                        ("dt_ms", .array(c.dt.map { .number($0) })),
                        ("errors", .array(c.errors.map { .number($0) })),
                        ("pairwise_orders", .array(c.pairwiseOrders.map { .number($0) })),
                        ("excluded", .array(excluded)),
                        ("rhs_evaluations", .array(c.rhsEvaluations.map { .integer($0) })),
                    ])
                ))
        }
        if let t = row.tolerance {
            members.append(
                (
                    "tolerance",
                    .object([
                        ("eps", .array(t.eps.map { .number($0) })),
                        ("errors", .array(t.errors.map { .number($0) })),
                        ("rhs_evaluations", .array(t.rhsEvaluations.map { .integer($0) })),
                    ])
                ))
        }
        return .object(members)
    }

    /// Reads a row back (as written by `json(_:)`), numbers bit for bit; `place` names it in errors.
    public static func row(_ object: JSONValue, at place: String, _ bad: @escaping (String) -> FormatError)
        throws(FormatError) -> SuiteRow
    {
        let f = JSONFields(object, at: place, bad)
        var convergence: SuiteRow.Convergence?
        if let c = f.value("convergence") {
            let fields = JSONFields(c, at: place + ".convergence", bad)
            var excluded: [SuiteRow.Excluded] = []
            for e in c["excluded"]?.arrayValue ?? [] {
                guard let index = e["index"]?.intValue, let reason = e["reason"]?.stringValue else {
                    throw bad("\(place).convergence.excluded needs index and reason")
                }
                excluded.append(SuiteRow.Excluded(index: index, reason: reason))
            }
            convergence = .init(
                dt: try fields.doubles("dt_ms"), errors: try fields.doubles("errors"),
                pairwiseOrders: try fields.doubles("pairwise_orders"), excluded: excluded,
                rhsEvaluations: try fields.integers("rhs_evaluations"))
        }
        var tolerance: SuiteRow.Tolerance?
        if let t = f.value("tolerance") {
            let fields = JSONFields(t, at: place + ".tolerance", bad)
            tolerance = .init(
                eps: try fields.doubles("eps"), errors: try fields.doubles("errors"),
                rhsEvaluations: try fields.integers("rhs_evaluations"))
        }
        var variableErrors: [String: Double] = [:]
        for (name, value) in f.value("variable_max_abs_errors")?.objectMembers ?? [] {
            guard let x = value.doubleValue else {
                throw bad("\(place).variable_max_abs_errors.\(name) is not a number")
            }
            variableErrors[name] = x
        }
        var row = SuiteRow(
            model: try f.required("model", \.stringValue), method: try f.required("method", \.stringValue),
            endTime: try f.required("t_end_ms", \.doubleValue), rung: try f.required("rung", \.stringValue),
            unit: try f.required("unit", \.stringValue), knownWrong: try f.required("known_wrong", \.boolValue),
            claim: f.value("claim")?.stringValue, correction: f.value("correction")?.stringValue,
            passed: try f.required("passed", \.boolValue), error: try f.required("error", \.boolValue),
            maxAbsError: try f.number("max_abs_error"), peakTimeError: try f.number("peak_time_error_ms"),
            measuredOrder: try f.number("measured_order"), nominalOrder: try f.integer("nominal_order"),
            orderHolds: f.value("order_holds")?.boolValue,
            errorGrowthFactor: try f.required("error_growth_factor", \.doubleValue),
            orderTolerance: try f.required("order_tolerance", \.doubleValue),
            reasons: try f.required("reasons") { $0.arrayValue?.compactMap(\.stringValue) },
            convergence: convergence, tolerance: tolerance)
        row.gateScale = try f.required("gate_scale", \.doubleValue)
        row.variableErrors = variableErrors
        return row
    }

    /// The f–I curves' figures.
    static func json(_ fi: FICurves) -> JSONValue {
        let curves = fi.curves.map { c in
            JSONValue.object([
                ("method", .string(c.method)), ("threshold", .string(c.threshold)),
                ("worst_isi_rate_error_hz", c.worstError.map { .number($0) } ?? .null),
                ("isi_rate_hz", .array(c.rates.map { .number($0) })),
            ])
        }
        return .object([
            ("duration_ms", .number(FICurves.duration)), ("dt_ms", .number(FICurves.dt)),
            ("current_pa", .array(fi.currents.map { .number($0) })),
            ("shunt_ns", .array(fi.shunts.map { .number($0) })),
            ("analytic_hz", .array(fi.analytic.map { .number($0) })), ("curves", .array(curves)),
            ("seed_experiment", seedJSON(fi)),
        ])
    }

    /// The seed's own f–I experiment: SynVerify's Euler on its neurons and each simulator's run.
    static func seedJSON(_ fi: FICurves) -> JSONValue {
        let runs = fi.seedRuns.map { c in
            JSONValue.object([
                ("source", .string(c.label)), ("passed", .bool(c.passed)),
                ("failure", c.failure.map { .string($0) } ?? .null),
                ("worst_isi_rate_error_hz", c.worstRateError.map { .number($0) } ?? .null),
                ("worst_isi_minus_euler_grid_period_ms", .number(c.worstPeriodDeviation)),
                ("isi_rate_hz", .array(c.rates.map { .number($0) })),
                ("spike_count", .array(c.spikeCounts.map { .integer($0) })),
            ])
        }
        return .object([
            ("duration_ms", .number(SeedFIExperiment.duration)), ("dt_ms", .number(SeedFIExperiment.dt)),
            ("current_pa", .array(SeedFIExperiment.currents.map { .number($0) })),
            ("shunt_ns", .array(SeedFIExperiment.shunts.map { .number($0) })),
            ("own_euler_grid_worst_isi_rate_error_hz", fi.seedOwn?.worstError.map { .number($0) } ?? .null),
            ("runs", .array(runs)),
        ])
    }
}
