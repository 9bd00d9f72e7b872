import ArgumentParser
import SynModels
import SynReports
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
            """
    )

    @Argument(help: "Model name (see `synverify solve --help`).")
    var model: String

    @OptionGroup var solver: SolverOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let request = try solver.request(model: model, at: nil)
        let comparison = try Verifier.compare(request.model, name: request.entry.name, options: request.options)
        if json {
            print(VerificationJSON.comparison(comparison, parameters: request.parameters.entries).serialized(pretty: true))
        } else {
            var lines = ["\(comparison.model) with \(comparison.method): \(comparison.verdict.rawValue.uppercased())"]
            if let m = comparison.metrics {
                lines.append("  max abs error \(m.maxAbsError), max rel error \(m.maxRelError), rms \(m.rmsError), final \(m.finalError)")
            }
            if let p = comparison.peak {
                lines.append("  peak: analytic \(p.analyticValue) at \(p.analyticTime) ms, numeric \(p.numericValue) at \(p.numericTime) ms")
            }
            if let r = comparison.rate { lines.append("  rate: analytic \(r.analytic) Hz, numeric \(r.numeric) Hz (\(r.spikes) spikes)") }
            for reason in comparison.reasons { lines.append("  - \(reason)") }
            print(lines.joined(separator: "\n"))
        }
    }
}
