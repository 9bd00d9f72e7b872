import ArgumentParser
import SynFiles
import SynReports
import SynSpec
import SynSystem
import SynVerification

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run the verification suite and write the report: README.md (summary), results.json, kernels.md.",
        discussion:
            "Without --suite, ./data/suite.yaml runs when present (in a checkout of SynVerify), "
            + "else the built-in suite."
    )

    @Option(help: "Directory to write into.")
    var output: String = "Reports"

    @Option(help: ArgumentHelp("Suite file (YAML).", valueName: "file.yaml"))
    var suite: String?

    @Option(help: "Worker threads (1 … 64); the report does not depend on it.")
    var jobs: Int = 1

    @Flag(
        name: .customLong("no-engines"),
        help: "Do not run the suite's engine commands (rows that need them fail as skipped, never pass).")
    var noEngines = false

    @Flag(help: "No progress and no summary line.")
    var quiet = false

    @Flag(help: "One line per model × method on stderr: verdict, max error, order.")
    var verbose = false

    func validate() throws {
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs: \(jobs) is out of range: allowed 1 … 64") }
        guard !(quiet && verbose) else { throw ValidationError("--quiet and --verbose exclude each other") }
    }

    func run() throws {
        let read = try suite.map(SuiteFile.read) ?? SuiteFile.defaultSuite()
        let chosen = noEngines ? read.withoutRunningEngines : read
        let clock = ContinuousClock()
        let started = clock.now
        let showProgress = !quiet && !verbose && FileSystem.standardErrorIsTerminal
        let results = try SuiteRunner.run(chosen, jobs: jobs) { index, total, model, method in
            if showProgress {
                let width = 30
                let filled = width * (index + 1) / max(total, 1)
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                FileSystem.writeToStandardError("\r[\(bar)] \(index + 1)/\(total) \(model) with \(method)\u{1B}[K")
            }
        }
        if showProgress { FileSystem.writeToStandardError("\r\u{1B}[K") }
        if verbose {
            for r in results {
                let order = r.measuredOrder.map { " order \(NumberFormat.significant($0, digits: 3))" } ?? ""
                let error = r.maxError.map { " max error \(NumberFormat.significant($0, digits: 3))" } ?? ""
                FileSystem.writeToStandardError(
                    "\(r.model) with \(r.method): "
                        + "\(r.passed ? (r.knownWrong ? "caught" : "pass") : "FAIL")\(error)\(order)\n"
                )
            }
        }
        let specs = chosen.entries.compactMap { entry in
            entry.custom.flatMap { custom in
                (custom.model as? SpecModel).map { ModelPage.Description(spec: $0, path: custom.path) }
            }
        }
        var fi = try FICurves.measure()
        fi.seedRuns = chosen.fiEngines.map { engine in
            noEngines
                ? SeedFIExperiment.failed("\(engine.name):euler", "not run (--no-engines)") : PopulationRun.run(engine)
        }
        let files = ReportFiles.suite(results, fi: fi, specs: specs)
        try ReportFiles.write(files, to: output)
        if !quiet {
            // The wall time goes to the terminal only, never into the report.
            let elapsed = (clock.now - started).components
            let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
            print(
                "wrote \(files.count) files to \(output)/ (README.md first): \(results.count) "
                    + "model × method rows in \(NumberFormat.fixed(seconds, decimals: 1)) s with \(jobs) job(s)"
            )
        }
    }
}
