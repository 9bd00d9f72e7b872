import SynIntegrators
import SynKernels
import SynModels
import SynVerifyGSL

/// One `synverify solve`: a catalogue model, its parameters and spikes, solver options, and the
/// resulting trajectory, spikes and work counts as JSON or text.
public struct SolveRequest {
    public let entry: ModelEntry
    public let parameters: ParameterValues
    public let model: any VerifiableModel
    public let options: SolveOptions

    /// Parses command-line texts; every value may carry a unit suffix of its dimension.
    /// - Throws: `InputError` for bad parameters, spikes or times; `ODESolverError` options are
    ///   checked when solving.
    public init(
        model name: String, assignments: [String], spikes: String?, method: IntegrationMethod,
        options base: SolveOptions, endTime: String?, dt: String?, at: String?
    ) throws(InputError) {
        entry = try ModelCatalog.entry(named: name)
        var overrides: [(name: String, value: Double)] = []
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "="), assignment.startIndex != equals else {
                throw .malformedParameter(text: assignment)
            }
            let key = String(assignment[..<equals])
            guard let spec = entry.parameters.first(where: { $0.name == key }) else {
                throw .unknownParameter(name: key, kernel: entry.name, known: entry.parameters.map(\.name))
            }
            overrides.append(
                (
                    key,
                    try Quantity.parse(
                        String(assignment[assignment.index(after: equals)...]), as: spec.dimension,
                        for: "parameter '\(key)'")
                ))
        }
        parameters = try ParameterValues(specs: entry.parameters, overrides: overrides, kernel: entry.name)
        var spikeTimes: [Double]?
        if let spikes {
            guard entry.acceptsSpikes else { throw .spikesNotAccepted(kernel: entry.name) }
            spikeTimes = try QuantityList.parse(spikes, as: .time, for: "--spikes", allowEmpty: true)
        }
        model = try entry.make(overrides: overrides, spikes: spikeTimes)
        var options = base
        options.method = method
        if let endTime {
            options.endTime = try Quantity.parse(endTime, as: .time, for: "--t-end")
        } else {
            options.endTime = entry.defaultEndTime
        }
        if let dt { options.fixedStep = try Quantity.parse(dt, as: .time, for: "--dt") }
        if let at {
            options.outputTimes = try QuantityList.parse(at, as: .time, for: "--at", allowEmpty: false)
        } else {
            options.outputTimes = (0...10).map {
                options.startTime + (options.endTime - options.startTime) * Double($0) / 10
            }
        }
        self.options = options
    }

    public func solve() throws(ODESolverError) -> Solution {
        try Integrator.solve(model, options: options)
    }

    public func json(_ solution: Solution) -> JSONValue {
        .object([
            ("model", .string(entry.name)),
            ("method", .string(options.method.description)),
            ("params", .object(parameters.entries.map { ($0.name, .number($0.value)) })),
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
        var lines = ["# \(entry.name) with \(options.method): \(entry.equations)"]
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
            "# work: \(w.rhsEvaluations) rhs, \(w.jacobianEvaluations) jacobian, \(w.acceptedSteps) accepted, \(w.rejectedSteps) rejected steps, \(w.eventsApplied) events, \(w.thresholdCrossings) crossings"
        )
        return lines.joined(separator: "\n")
    }
}

/// Comma-separated lists of quantities.
public enum QuantityList {
    public static func parse(_ text: String, as dimension: Dimension, for name: String, allowEmpty: Bool)
        throws(InputError) -> [Double]
    {
        try KernelEvaluation.list(text, as: dimension, for: name, allowEmpty: allowEmpty)
    }
}
