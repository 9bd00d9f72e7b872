import SynIntegrators
import SynVerification
import SynVerifyGSL

extension SolveRequest {
    public func json(_ solution: Solution) -> JSONValue {
        .object([
            ("model", .string(name)),
            ("method", .string(options.method.description)),
            ("params", .object(parameters.map { ($0.name, .number($0.value)) })),
            ("options", Self.optionsJSON(options, includeOutputs: false)),
            ("at", .array(solution.times.map { .number($0) })),
            (
                "values",
                .object(zip(solution.variables, solution.values).map { ($0.name, .array($1.map { .number($0) })) })
            ),
            ("units", .object(solution.variables.map { ($0.name, .string($0.unit)) })),
            ("spikes", .array(solution.spikes.map { .number($0) })),
            ("work", Self.workJSON(solution.work)),
        ])
    }

    public static func optionsJSON(_ o: SolveOptions, includeOutputs: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("mode", .string(o.fixedStep == nil ? "adaptive" : "fixed")),
            ("t_start", .number(o.startTime)),
            ("t_end", .number(o.endTime)),
        ]
        if let dt = o.fixedStep {
            members.append(("dt", .number(dt)))
            members.append(("threshold_interpolation", .bool(o.thresholdInterpolation)))
        } else {
            members += [
                ("control", .string(o.control.rawValue)), ("eps_abs", .number(o.epsAbs)),
                ("eps_rel", .number(o.epsRel)),
                ("a_y", .number(o.aY)), ("a_dydt", .number(o.aDydt)), ("h_init", .number(o.initialStep)),
                ("h_min", .number(o.minimumStep)), ("h_max", o.maximumStep.isFinite ? .number(o.maximumStep) : .null),
            ]
            if let scale = o.scaleAbs { members.append(("scale_abs", .array(scale.map { .number($0) }))) }
        }
        members.append(("max_steps", .integer(o.maximumSteps)))
        return .object(members)
    }

    public static func workJSON(_ w: WorkCounters) -> JSONValue {
        .object([
            ("rhs_evaluations", .integer(w.rhsEvaluations)),
            ("jacobian_evaluations", .integer(w.jacobianEvaluations)),
            ("accepted_steps", .integer(w.acceptedSteps)),
            ("rejected_steps", .integer(w.rejectedSteps)),
            ("smallest_step", w.smallestStep.isFinite ? .number(w.smallestStep) : .null),
            ("largest_step", .number(w.largestStep)),
            ("last_step", .number(w.lastStep)),
            ("events_applied", .integer(w.eventsApplied)),
            ("threshold_crossings", .integer(w.thresholdCrossings)),
        ])
    }

    public func text(_ solution: Solution) -> String {
        var lines = ["# \(name) with \(options.method): \(equations)"]
        lines.append((["t (ms)"] + solution.variables.map { "\($0.name) (\($0.unit))" }).joined(separator: "\t"))
        for (k, t) in solution.times.enumerated() {
            lines.append(
                ([JSONValue.format(t)] + solution.values.map { JSONValue.format($0[k]) }).joined(separator: "\t"))
        }
        if !solution.spikes.isEmpty {
            lines.append("# spikes (ms): " + solution.spikes.map(JSONValue.format).joined(separator: ", "))
        }
        let w = solution.work
        lines.append(
            "# work: \(w.rhsEvaluations) rhs, \(w.jacobianEvaluations) jacobian, \(w.acceptedSteps) accepted, "
                + "\(w.rejectedSteps) rejected steps, \(w.eventsApplied) events, \(w.thresholdCrossings) crossings"
        )
        return lines.joined(separator: "\n")
    }
}
