import ArgumentParser
import SynFiles
import SynIntegrators
import SynModels
import SynReports
import SynSystem
import SynVerification
import SynVerifyGSL

struct ConvergenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convergence",
        abstract: "Measure a fixed-step method's convergence order over a step ladder.",
        discussion:
            "Example: synverify convergence nmda-kinetics --method classic_rk4 --dt 0.1,0.08,0.0625,0.05,0.04 --t-end "
            + "20 --json"
    )

    @Argument(help: "Catalogue model name, or a spec file (.yaml).")
    var model: String

    @Option(help: "Fixed-step method: a simulator method or a GSL stepper.", transform: OptionValue.method)
    var method: IntegrationMethod?

    @Option(
        name: .customLong("trace"),
        help: ArgumentHelp(
            "STEP=FILE: another simulator's trace at that fixed step (e.g. 0.1ms=a.csv), repeated for each step; "
                + "the order is measured from them instead of a method of SynVerify's.", valueName: "step=file"))
    var traces: [String] = []

    @OptionGroup var traceColumns: TraceColumns

    @Option(
        name: .customLong("nominal-order"),
        help: "The outside method's nominal order, when known (with --trace; e.g. 1 for forward Euler).")
    var nominalOrder: Int?

    func validate() throws {
        guard (method == nil) != traces.isEmpty else {
            throw ValidationError("give --method (a method of SynVerify's) or --trace STEP=FILE (another's), not both")
        }
        if let nominalOrder, !(0...16).contains(nominalOrder) {
            throw ValidationError("--nominal-order: \(nominalOrder) is out of range: allowed 0 … 16")
        }
    }

    @Option(parsing: .unconditional, help: "Comma-separated steps (ms or with units); any ratios.")
    var dt: String = "0.4,0.2,0.1,0.05,0.025"

    @OptionGroup var selection: ModelSelection

    @Option(
        help: ArgumentHelp(
            "Also write the log–log plot of error against step, with the nominal slope, "
                + "as SVG.", valueName: "file.svg")
    )
    var svg: String?

    func run() throws {
        let request = try selection.request(model: model, method: method ?? .external("trace"))
        let study: ConvergenceStudy
        if let method {
            let steps = try QuantityList.parse(dt, as: .time, for: "--dt", allowEmpty: false)
            study = try ConvergenceStudy.run(
                request.model, method: method, steps: steps, endTime: request.options.endTime)
        } else {
            study = try ConvergenceStudy.run(
                traces: try readTraces(request), of: request.model, endTime: request.options.endTime,
                expectedOrder: nominalOrder ?? 0)
        }
        let label = method ?? .external("trace")
        let object = VerificationJSON.convergence(
            study, model: request.name, method: label, endTime: request.options.endTime)
        if let svg {
            let plot = StudyPlots.convergence(
                study, model: request.name, method: label.description, variable: request.model.variables[0])
            try FileSystem.writeAtomically(plot.render(), toPath: svg)
        }
        print(
            selection.json
                ? object.serialized(pretty: true)
                : "\(request.name) with \(label): order \(study.order) (expected \(study.expectedOrder)); "
                    + "pairwise \(study.pairwiseOrders)"
        )
    }

    /// Each `STEP=FILE` as a step (ms) and its trace.
    func readTraces(_ request: SolveRequest) throws -> [(step: Double, trace: ExternalTrace)] {
        try traces.map { item in
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2,
                let step = try? QuantityList.parse(parts[0], as: .time, for: "--trace", allowEmpty: false).first,
                step > 0
            else {
                throw ValidationError("--trace: expected STEP=FILE with a step > 0, e.g. 0.1ms=a.csv, not '\(item)'")
            }
            var trace = try TraceFile.read(
                parts[1], variables: request.model.variables,
                selection: traceColumns.selection, endTime: request.options.endTime,
                label: "trace \(parts[1])")
            trace.step = step
            if let refusal = Verifier.samplingRefusal(
                trace, of: request.model, endTime: request.options.endTime, bounds: VerificationBounds())
            {
                throw ValidationError(refusal)
            }
            return (step, trace)
        }
    }
}

/// Model parameters, spikes, end time and output format shared by convergence and tolerance.
struct ModelSelection: ParsableArguments {
    @Option(name: .customLong("t-end"), parsing: .unconditional, help: "End time (default: the model's).")
    var endTime: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("Parameter NAME=VALUE.", valueName: "name=value"))
    var parameters: [String] = []

    @Option(parsing: .unconditional, help: "Comma-separated presynaptic spike times.")
    var spikes: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    func request(model: String, method: IntegrationMethod) throws -> SolveRequest {
        try announced(
            ModelSource.request(
                model: model, assignments: parameters, spikes: spikes, method: method,
                options: SolveOptions(), endTime: endTime, dt: nil, at: nil))
    }
}

struct ToleranceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tolerance",
        abstract: "Tolerance proportionality and work–precision of an adaptive GSL stepper.",
        discussion: "Example: synverify tolerance dualexp-peak --method rk8pd --json"
    )

    @Argument(help: "Catalogue model name, or a spec file (.yaml).")
    var model: String

    @Option(help: "Adaptive GSL stepper.", transform: OptionValue.stepper)
    var method: Stepper

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Comma-separated tolerances eps = eps_abs = eps_rel (default 1e-3 … " + "1e-12)."))
    var eps: String?

    @OptionGroup var selection: ModelSelection

    @Option(
        help: ArgumentHelp(
            "Also write the log–log plot of error against eps, with slope 1, as SVG.", valueName: "file.svg"))
    var svg: String?

    @Option(
        name: .customLong("work-precision-svg"),
        help: ArgumentHelp(
            "Also write the work–precision plot (evaluations against error) as SVG.", valueName: "file.svg"))
    var workPrecisionSVG: String?

    func run() throws {
        let request = try selection.request(model: model, method: .gsl(method))
        let ladder =
            try eps.map { try QuantityList.parse($0, as: .dimensionless, for: "--eps", allowEmpty: false) }
            ?? ToleranceStudy.defaultLadder
        for e in ladder where !(e > 0 && e < 1) {
            throw ValidationError("--eps: \(e) is out of range: allowed 0 < eps < 1")
        }
        let study = try ToleranceStudy.run(
            request.model, stepper: method, eps: ladder, endTime: request.options.endTime)
        let object = VerificationJSON.tolerance(
            study, model: request.name, method: method.rawValue, endTime: request.options.endTime)
        let variable = request.model.variables[0]
        if let svg {
            try FileSystem.writeAtomically(
                StudyPlots.toleranceProportionality(
                    study, model: request.name, stepper: method.rawValue, variable: variable
                ).render(), toPath: svg)
        }
        if let workPrecisionSVG {
            try FileSystem.writeAtomically(
                StudyPlots.workPrecision(
                    study, model: request.name, stepper: method.rawValue, variable: variable
                )
                .render(), toPath: workPrecisionSVG)
        }
        print(
            selection.json
                ? object.serialized(pretty: true)
                : "\(request.name) with \(method): slope \(study.slope); errors \(study.errors); "
                    + "rhs \(study.rhsEvaluations)"
        )
    }
}

struct RateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate",
        abstract: "Firing rate of the conductance LIF per current: closed form against the integrated ISI rate.",
        discussion: "Example: synverify rate --param g=30nS --at 0.5nA,1nA,1.5nA --method rk8pd --json"
    )

    @OptionGroup var solver: SolverOptions

    @Option(parsing: .unconditional, help: "Comma-separated currents (pA or with units).")
    var at: String

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let currents = try QuantityList.parse(at, as: .current, for: "--at", allowEmpty: false)
        var rows: [JSONValue] = []
        var method = ""
        var handling = ""
        for current in currents {
            let request = try solver.request(model: "lif-coba", at: nil, overrides: ["I=\(current)"])
            method = request.options.method.description
            handling =
                request.options.fixedStep == nil
                ? "crossings located inside the step (rk8pd re-integration at 1e-14, Brent to 1e-13 ms)"
                : (request.options.thresholdInterpolation
                    ? "crossings interpolated linearly inside the step, restarted from the reset"
                    : "threshold checked at the end of each step (grid)")
            let comparison = try Verifier.compare(request.model, name: "lif-coba", options: request.options)
            let rate = comparison.rate
            rows.append(
                .object([
                    ("current_pa", .number(current)),
                    ("analytic_hz", .number(rate?.analytic ?? .nan)),
                    ("numeric_hz", .number(rate?.numeric ?? .nan)),
                    ("error_hz", .number((rate?.numeric ?? .nan) - (rate?.analytic ?? .nan))),
                    ("spikes", .integer(rate?.spikes ?? 0)),
                ]))
        }
        let object = JSONValue.object([
            ("model", .string("lif-coba")), ("method", .string(method)), ("threshold_handling", .string(handling)),
            ("rates", .array(rows)),
        ])
        if json {
            print(object.serialized(pretty: true))
        } else {
            var lines = [
                "# lif-coba with \(method); \(handling)", "I (pA)\tanalytic (Hz)\tnumeric (Hz)\terror (Hz)\tspikes",
            ]
            for case .object(let members) in rows {
                let values = members.map { $0.1.serialized() }
                lines.append(values.joined(separator: "\t"))
            }
            print(lines.joined(separator: "\n"))
        }
    }
}
