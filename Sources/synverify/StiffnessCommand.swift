import ArgumentParser
import SynIntegrators
import SynKernels
import SynModels
import SynReports
import SynSystem
import SynVerification
import SynVerifyGSL

struct StiffnessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stiffness",
        abstract: "Mean accepted step of rkf45 against bsimp and rk4imp (NEST ODE-toolbox style stiffness test).",
        discussion: "Example: synverify stiffness lif-nmda --json"
    )

    @Argument(help: "Catalogue model name, or a spec file (.yaml).")
    var model: String

    @Option(parsing: .unconditional, help: "Tolerance eps = eps_abs = eps_rel.")
    var eps: Double = 1e-8

    @OptionGroup var selection: ModelSelection

    func validate() throws {
        guard eps > 0 && eps < 1 else { throw ValidationError("--eps: \(eps) is out of range: allowed 0 < eps < 1") }
    }

    func run() throws {
        let request = try selection.request(model: model, method: .gsl(.rkf45))
        let study = try StiffnessStudy.run(request.model, endTime: request.options.endTime, eps: eps)
        let object = JSONValue.object([
            ("model", .string(request.name)), ("t_end", .number(request.options.endTime)), ("eps", .number(eps)),
            ("rkf45_mean_step", .number(study.explicitMeanStep)),
            ("bsimp_mean_step", study.implicitMeanStep.map(JSONValue.number) ?? .null),
            ("rk4imp_mean_step", study.sameOrderImplicitMeanStep.map(JSONValue.number) ?? .null),
            ("bsimp_over_rkf45", study.ratio.map(JSONValue.number) ?? .null),
            ("rk4imp_over_rkf45", study.sameOrderRatio.map(JSONValue.number) ?? .null),
            ("note", .string("rk4imp/rkf45 (same order) separates stiffness from order; bsimp is high order")),
        ])
        print(
            selection.json
                ? object.serialized(pretty: true)
                : "\(request.name): rkf45 \(study.explicitMeanStep) ms, "
                    + "bsimp \(study.implicitMeanStep.map { "\($0)" } ?? "—") ms, "
                    + "rk4imp \(study.sameOrderImplicitMeanStep.map { "\($0)" } ?? "—") ms; "
                    + "rk4imp/rkf45 = \(study.sameOrderRatio.map { "\($0)" } ?? "—")"
        )
    }
}

struct FICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fi",
        abstract: "f–I curves of a conductance LIF population (Exercise 6d) against the closed-form rate.",
        discussion: """
            Currents 0 … --max-current in --currents steps, times the shunts given; every neuron's ISI rate \
            is compared with 1000/(t_ref + τ′·ln((u∞ − u_reset)/(u∞ − u_th))).
            Example: synverify fi --method exact --threshold precise --json
            """
    )

    @Option(help: "euler or exact.", transform: OptionValue.populationMethod)
    var method: LIFPopulation.Method = .exact
    @Option(
        help: "grid (end of step, as simulators) or precise (closed-form crossing; exact only).",
        transform: OptionValue.populationThreshold)
    var threshold: LIFPopulation.Threshold = .precise
    @Option(parsing: .unconditional, help: "Time step (ms or with units).") var dt: String = "0.1"
    @Option(parsing: .unconditional, help: "Duration (ms or with units).") var duration: String = "1000"
    @Option(name: .customLong("max-current"), parsing: .unconditional, help: "Largest current (pA or with units).")
    var maxCurrent: String = "1.5nA"
    @Option(help: "Number of currents from 0 to --max-current.") var currents: Int = 100
    @Option(parsing: .unconditional, help: "Comma-separated shunting conductances (nS or with units).") var shunts:
        String = "0,10,20,30,40,50,60"
    @Option(name: .customLong("t-ref"), parsing: .unconditional, help: "Refractory time.") var refractory: String = "0"
    @Option(help: "Worker threads (results do not depend on it).") var threads: Int = 1
    @Flag(help: "Print one JSON object.") var json = false
    @Option(help: ArgumentHelp("Also write the f–I curves with the closed-form rates as SVG.", valueName: "file.svg"))
    var svg: String?

    func validate() throws {
        guard (2...100_000).contains(currents) else {
            throw ValidationError("--currents: \(currents) is out of range: allowed 2 … 100000")
        }
    }

    func run() throws {
        let step = try Quantity.parse(dt, as: .time, for: "--dt")
        let length = try Quantity.parse(duration, as: .time, for: "--duration")
        let top = try Quantity.parse(maxCurrent, as: .current, for: "--max-current")
        let shuntValues = try QuantityList.parse(shunts, as: .conductance, for: "--shunts", allowEmpty: false)
        var parameters = LIFPopulation.Parameters()
        parameters.refractory = try Quantity.parse(refractory, as: .time, for: "--t-ref")
        guard shuntValues.count * currents <= LIFPopulation.maximumNeurons else {
            throw ValidationError(
                "--currents × --shunts: \(shuntValues.count * currents) neurons; "
                    + "allowed ≤ \(LIFPopulation.maximumNeurons)")
        }
        var currentValues: [Double] = []
        var shuntPerNeuron: [Double] = []
        for g in shuntValues {
            for k in 0..<currents {
                currentValues.append(top * Double(k) / Double(currents - 1))
                shuntPerNeuron.append(g)
            }
        }
        let sweep = try FICurves.sweep(
            parameters, currents: currentValues, shunts: shuntPerNeuron, duration: length, dt: step,
            method: method, threshold: threshold,
            threads: threads)
        let worst = sweep.curve.worstError
        let rows: [JSONValue] = currentValues.indices.map { i in
            .object([
                ("current_pa", .number(currentValues[i])), ("shunt_ns", .number(shuntPerNeuron[i])),
                ("analytic_hz", .number(sweep.analytic[i])), ("isi_rate_hz", .number(sweep.curve.rates[i])),
                ("count_rate_hz", .number(sweep.result.countRate(i, duration: length))),
                ("spikes", .integer(sweep.result.spikeCounts[i])),
            ])
        }
        let object = JSONValue.object([
            ("method", .string(method.rawValue)), ("threshold", .string(threshold.rawValue)), ("dt", .number(step)),
            ("duration", .number(length)), ("neurons", .integer(currentValues.count)),
            ("worst_isi_rate_error_hz", worst.map { .number($0) } ?? .null), ("neuron_rates", .array(rows)),
        ])
        if let svg {
            let plot = StudyPlots.fiCurves(
                currents: currentValues, shunts: shuntPerNeuron, numeric: sweep.curve.rates, analytic: sweep.analytic,
                title:
                    "f–I curves: \(method.rawValue), \(threshold.rawValue) thresholds, "
                    + "dt = \(NumberFormat.significant(step)) ms"
            )
            try FileSystem.writeAtomically(plot.render(), toPath: svg)
        }
        print(
            json
                ? object.serialized(pretty: true)
                : "\(currentValues.count) neurons, \(method.rawValue) with \(threshold.rawValue) thresholds, "
                    + "dt = \(step) ms: "
                    + (worst.map { "worst ISI-rate error \($0) Hz" }
                        ?? "no neuron fired twice, so no ISI rate was compared")
        )
    }
}
