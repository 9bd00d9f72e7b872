import SynIntegrators
import SynModels
import SynVerification

/// JSON renderings of the verification results (`compare`, `convergence`, `tolerance`, `rate`).
public enum VerificationJSON {
    public static func comparison(_ c: Comparison, parameters: [(name: String, value: Double)]) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("model", .string(c.model)),
            ("method", .string(c.method.description)),
            ("params", .object(parameters.map { ($0.name, .number($0.value)) })),
            ("options", SolveRequest.optionsJSON(c.options, includeOutputs: false)),
        ]
        if let m = c.metrics {
            var metric: [(String, JSONValue)] = [
                ("max_abs_error", .number(m.maxAbsError)), ("max_rel_error", .number(m.maxRelError)),
                ("rms_error", .number(m.rmsError)), ("final_error", .number(m.finalError)),
                ("relative_floor", .number(m.relativeFloor)), ("points", .integer(m.points)),
            ]
            metric.append(("tolerance_units", m.maxToleranceUnits.map(JSONValue.number) ?? .null))
            members.append(("metrics", .object(metric)))
        } else {
            members.append(("metrics", .null))
        }
        members.append(
            (
                "peak",
                c.peak.map { p in
                    .object([
                        ("analytic_time", .number(p.analyticTime)), ("numeric_time", .number(p.numericTime)),
                        ("analytic_value", .number(p.analyticValue)), ("numeric_value", .number(p.numericValue)),
                    ])
                } ?? .null
            ))
        members.append(
            (
                "rate",
                c.rate.map { r in
                    .object([
                        ("analytic_hz", .number(r.analytic)), ("numeric_hz", .number(r.numeric)),
                        ("spikes", .integer(r.spikes)),
                    ])
                } ?? .null
            ))
        let variables = c.variableMetrics.map { v, m in
            JSONValue.object([
                ("name", .string(v.name)), ("unit", .string(v.unit)), ("max_abs_error", .number(m.maxAbsError)),
                ("max_rel_error", .number(m.maxRelError)), ("rms_error", .number(m.rmsError)),
                ("final_error", .number(m.finalError)), ("points", .integer(m.points)),
            ])
        }
        members.append(("variables", .array(variables)))
        if let spikes = c.spikes { members.append(("spikes_ms", .array(spikes.map { .number($0) }))) }
        if let st = c.spikeTimes {
            members.append(
                (
                    "spike_times",
                    .object([
                        ("expected_ms", .array(st.expected.map { .number($0) })),
                        ("numeric_ms", .array(st.numeric.map { .number($0) })),
                        ("worst_error_ms", st.worstError.map { .number($0) } ?? .null),
                        ("tolerance_ms", .number(st.tolerance)),
                        // Per spike, what it may be off by (the accumulated bound of adaptive rows).
                        ("allowed_ms", .array(st.expected.indices.map { .number(st.allowed($0)) })),
                    ])
                ))
        }
        members.append(("work", c.work.map(SolveRequest.workJSON) ?? .null))
        members.append(("verdict", .string(c.verdict.rawValue)))
        members.append(("reasons", .array(c.reasons.map(JSONValue.string))))
        let fixedOrTolerance = c.options.fixedStep.map { "dt = \($0)" } ?? "\(c.bounds.peakTimePerTolerance)·eps"
        members.append(
            (
                "bounds",
                .object([
                    (
                        "trajectory",
                        .string(
                            c.options.fixedStep == nil
                                ? "tolerance units ≤ accepted steps"
                                : "max error ≤ \(c.bounds.fixedStepRelativeError) of the largest value")
                    ),
                    (
                        "peak_time_ms",
                        .string(
                            "max(\(fixedOrTolerance), "
                                + "\(c.bounds.peakTimePerError)·√(2δ/|y″(t*)|)), δ = largest trajectory error"
                        )
                    ),
                    ("peak_value_relative", .string("max(\(c.bounds.peakValueRelative), δ/max|y|)")),
                    ("rate_relative", .number(c.bounds.rateRelative)),
                    ("stated", .array(c.statedBounds.map(JSONValue.string))),
                ])
            ))
        members.append(
            (
                "reference",
                c.reference.map { r in
                    .object([
                        ("strategy", .string(r.strategy)), ("cross_check", .string(r.crossCheck)),
                        ("cross_check_agreement", .number(r.crossCheckAgreement)),
                        ("self_convergence", .number(r.selfConvergence)),
                    ])
                } ?? .string("closed form")
            ))
        members.append(
            (
                "known_wrong",
                c.knownWrong.map { k in
                    .object([
                        ("claim", .string(k.claim)), ("correction", .string(k.correction)),
                        ("correct_model", .string(k.correctModel)),
                    ])
                } ?? .null
            ))
        // Whether the verdict is what the spec claims: a pass, or a known-wrong variant caught
        // (`Comparison.holds`, the rule's one home; readers such as the Python package take it from here).
        members.append(("holds", .bool(c.holds)))
        return .object(members)
    }

    public static func convergence(_ s: ConvergenceStudy, model: String, method: IntegrationMethod, endTime: Double)
        -> JSONValue
    {
        .object([
            ("model", .string(model)), ("method", .string(method.description)), ("t_end", .number(endTime)),
            ("error_measure", .string(s.measure.rawValue + " (first variable)")),
            ("steps", .array(s.steps.map(JSONValue.number))), ("errors", .array(s.errors.map(JSONValue.number))),
            ("rhs_evaluations", .array(s.work.map(JSONValue.integer))),
            ("pairwise_orders", .array(s.pairwiseOrders.map(JSONValue.number))),
            ("order", .number(s.order)), ("expected_order", .integer(s.expectedOrder)),
            (
                "excluded",
                .array(s.excluded.map { .object([("index", .integer($0.index)), ("reason", .string($0.reason))]) })
            ),
            ("superconvergent", .bool(s.superconvergent)),
        ])
    }

    public static func tolerance(_ s: ToleranceStudy, model: String, method: String, endTime: Double) -> JSONValue {
        .object([
            ("model", .string(model)), ("method", .string(method)), ("t_end", .number(endTime)),
            (
                "error_measure",
                .string(
                    "max absolute error of the first variable at 11 even times, the events and the peak (few stops, "
                        + "so that output does not limit the step)"
                )
            ),
            ("eps", .array(s.eps.map(JSONValue.number))), ("errors", .array(s.errors.map(JSONValue.number))),
            ("rhs_evals", .array(s.rhsEvaluations.map(JSONValue.integer))), ("slope", .number(s.slope)),
        ])
    }
}
