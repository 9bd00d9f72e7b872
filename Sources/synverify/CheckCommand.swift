import ArgumentParser
import SynFiles
import SynReports
import SynSystem
import SynVerification

/// The suite and shard selection shared by `check` and `baseline`.
struct SuiteSelection: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Suite file (YAML); default: ./data/suite.yaml if present, else the built-in suite.",
            valueName: "file.yaml"))
    var suite: String?

    @Option(
        help: ArgumentHelp(
            "Run only share I of N (1-based), e.g. 2/4; shares partition the model × method pairs.", valueName: "i/n"),
        transform: { text in
            guard let share = VerificationSuite.Share(text) else {
                throw ValidationError("expected i/n with 1 ≤ i ≤ n ≤ \(VerificationSuite.Share.maximumCount)")
            }
            return share
        })
    var shard: VerificationSuite.Share?

    @Option(help: "Worker threads (1 … 64); the results do not depend on it.")
    var jobs: Int = 1

    @Flag(
        name: .customLong("no-engines"),
        help: "Do not run the suite's engine commands (rows that need them fail as skipped, never pass).")
    var noEngines = false

    func validate() throws {
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs: \(jobs) is out of range: allowed 1 … 64") }
    }

    func load() throws -> VerificationSuite {
        try loadWithIdentity().suite
    }

    /// The selected share, and the identity of the whole suite it was taken from.
    func loadWithIdentity() throws -> (suite: VerificationSuite, identity: String) {
        var full = try suite.map(SuiteFile.read) ?? SuiteFile.defaultSuite()
        let identity = SuiteFile.identity(of: full)
        if noEngines { full = full.withoutRunningEngines }
        return (shard.map(full.shard) ?? full, identity)
    }
}

/// Where the gate's verdict goes besides the terminal, shared by `check` and `merge`.
struct GateOutputs: ParsableArguments {
    @Option(help: ArgumentHelp("Baseline written by `synverify baseline --write`.", valueName: "file.json"))
    var baseline: String = "data/baseline.json"

    @Option(help: ArgumentHelp("Also write JUnit XML (one test case per model × method).", valueName: "file.xml"))
    var junit: String?

    @Option(help: ArgumentHelp("Also write a markdown summary for a pull-request comment.", valueName: "file.md"))
    var summary: String?

    /// Writes the JUnit and markdown files asked for, prints the verdict, and exits with 1 on a
    /// regression.
    func publish(_ outcomes: [RegressionGate.Outcome]) throws {
        if let junit { try FileSystem.writeAtomically(GateReport.junit(outcomes), toPath: junit) }
        if let summary {
            try FileSystem.writeAtomically(GateReport.markdown(outcomes, baseline: baseline), toPath: summary)
        }
        print(GateReport.text(outcomes), terminator: "")
        if outcomes.contains(where: { !$0.regressions.isEmpty }) { throw ExitCode(1) }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "The CI gate: run the suite and hold it against the committed baseline.",
        discussion: """
            Per model × method: the max error may grow by at most the entry's error_growth_factor (default 2) \
            or to 1e-13 × the largest closed-form value, the measured order must stay within ± order_tolerance \
            (default 0.2) of nominal (of the recorded order for a recorded finding), a pass may not turn into \
            a fail, and every known-wrong seed variant must still be caught. Exit 0 when all hold, 1 on a \
            regression, 2 on bad input.
            The suite's engine entries run their command: lists, as make runs a Makefile; --no-engines \
            leaves them unrun (their rows fail as skipped).
            Example: synverify check --junit check.xml --summary check.md
            """
    )

    @OptionGroup var selection: SuiteSelection

    @OptionGroup var gate: GateOutputs

    @Option(
        name: .customLong("outcomes"),
        help: ArgumentHelp(
            "Also write the per-row outcomes as JSON, for `synverify merge` of shards.", valueName: "file.json"))
    var outcomesFile: String?

    func run() throws {
        let (recorded, baselineIdentity) = try BaselineFile.readWithIdentity(gate.baseline)
        let (suite, identity) = try selection.loadWithIdentity()
        let results = try SuiteRunner.run(suite, jobs: selection.jobs)
        let outcomes = RegressionGate.check(results, against: recorded, complete: selection.shard == nil)
        if let outcomesFile {
            let contents = OutcomesFile.Contents(
                suite: identity, baseline: baselineIdentity, shard: selection.shard ?? .whole, outcomes: outcomes,
                rows: results.map(SuiteRow.init))
            try FileSystem.writeAtomically(OutcomesFile.serialize(contents), toPath: outcomesFile)
        }
        try gate.publish(outcomes)
    }
}
