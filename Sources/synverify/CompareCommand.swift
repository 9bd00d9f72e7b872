import ArgumentParser
import SynModels
import SynReports
import SynSystem
import SynVerification

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Integrate a model and hold it against its closed form, peak and rate: metrics and a verdict.",
        discussion: """
            The verdict is judged against stated bounds (in the JSON). A known-wrong seed variant \
            (e.g. exp-seed-sign, dualexp-peak-seed-peak) yields "fail" with its reason; the exit \
            status stays 0 unless the input was bad (2).
            Example: synverify compare dualexp-peak --method rk8pd --eps-abs 1e-12 --eps-rel 1e-12 --json
            With --trace, the numbers come from a file another simulator wrote (CSV, TSV, white-space \
            .dat, .npy, JSON; see --columns, --scale, --spike-file), judged with the same metrics: \
            synverify compare exp --trace brian2.csv --columns t,g --json
            """
    )

    @Argument(help: "Catalogue model name (see `synverify solve --help`), or a spec file (.yaml).")
    var model: String

    @OptionGroup var solver: SolverOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Also write the closed form against the numeric trace (first variable) as SVG.", valueName: "file.svg"))
    var svg: String?

    @Option(
        name: .customLong("error-svg"),
        help: ArgumentHelp("Also write |error| against time as SVG.", valueName: "file.svg"))
    var errorSVG: String?

    @OptionGroup var traceOptions: TraceOptions

    func run() throws {
        let request = try solver.request(model: model, at: nil)
        let comparison: Comparison
        if let path = traceOptions.trace {
            let trace = try traceOptions.read(path, for: request)
            if let refusal = Verifier.samplingRefusal(
                trace, of: request.model, endTime: request.options.endTime, bounds: VerificationBounds())
            {
                throw ValidationError(refusal)
            }
            comparison = try Verifier.compare(
                trace: trace, of: request.model, name: request.name, options: request.options)
        } else {
            comparison = try Verifier.compare(request.model, name: request.name, options: request.options)
        }
        if svg != nil || errorSVG != nil {
            guard let trace = comparison.trace else {
                throw ValidationError(
                    "no trace to plot: "
                        + "\(comparison.reasons.first ?? "the model has no closed form for its first variable")"
                )
            }
            let method = comparison.method.description
            if let svg {
                try FileSystem.writeAtomically(
                    StudyPlots.trace(trace, model: comparison.model, method: method).render(), toPath: svg)
            }
            if let errorSVG {
                try FileSystem.writeAtomically(
                    StudyPlots.errorTrace(trace, model: comparison.model, method: method).render(), toPath: errorSVG)
            }
        }
        if json {
            print(
                VerificationJSON.comparison(comparison, parameters: request.parameters).serialized(pretty: true)
            )
        } else {
            print(
                (["\(comparison.model) with \(comparison.method): \(comparison.verdict.rawValue.uppercased())"]
                    + comparison.detailLines)
                    .joined(separator: "\n"))
        }
    }
}

extension Comparison {
    /// The text output's lines under the verdict: metrics, peak, rate, reasons (compare, verify).
    var detailLines: [String] {
        var lines: [String] = []
        if let m = metrics {
            lines.append(
                "  max abs error \(m.maxAbsError), max rel error \(m.maxRelError), rms \(m.rmsError), "
                    + "final \(m.finalError)"
            )
        }
        for (v, m) in variableMetrics.dropFirst() {
            lines.append("  \(v.name) (\(v.unit)): max abs error \(m.maxAbsError), max rel error \(m.maxRelError)")
        }
        if let p = peak {
            lines.append(
                "  peak: analytic \(p.analyticValue) at \(p.analyticTime) ms, numeric \(p.numericValue) "
                    + "at \(p.numericTime) ms"
            )
        }
        if let r = rate {
            lines.append("  rate: analytic \(r.analytic) Hz, numeric \(r.numeric) Hz (\(r.spikes) spikes)")
        }
        if let spikes, spikeTimes == nil {
            let shown = spikes.prefix(8).map { "\($0)" }.joined(separator: ", ")
            let more = spikes.count > 8 ? ", … (\(spikes.count) in all; every one in --json)" : ""
            lines.append("  spikes (ms): " + (spikes.isEmpty ? "none" : shown + more))
        }
        if let s = spikeTimes {
            lines.append(
                "  spikes (ms): \(s.numeric.map { "\($0)" }.joined(separator: ", ")); expected "
                    + "\(s.expected.map { "\($0)" }.joined(separator: ", ")), worst error "
                    + "\(s.worstError.map { "\($0)" } ?? "—") ms (tolerance \(s.tolerance) ms)")
        }
        if !statedBounds.isEmpty { lines.append("  stated bounds: " + statedBounds.joined(separator: "; ")) }
        for reason in reasons { lines.append("  - \(reason)") }
        return lines
    }
}
