import ArgumentParser
import SynFiles
import SynReports
import SynSystem
import SynVerification

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the outcomes of `check --shard i/n --outcomes FILE` into one verdict.",
        discussion: """
            Needs every share 1 … n exactly once, each checked against the same --baseline (refused \
            otherwise). The shares' rows are judged again against that baseline, as check judges them; \
            a baseline row that no shard ran is a regression. Exit 0 when all hold, 1 on a regression, 2 on bad input.
            Example: synverify merge shard-1.json shard-2.json --junit check.xml --summary check.md
            """
    )

    @Argument(help: "Outcome files written by `check --outcomes` (one per shard).")
    var files: [String]

    @OptionGroup var gate: GateOutputs

    @Option(
        help: ArgumentHelp(
            "Also write the merged report (README.md and results.json, no model pages) into this directory.",
            valueName: "dir"))
    var output: String?

    func run() throws {
        let shares = try files.map { path in (path: path, contents: try OutcomesFile.read(path)) }
        let (entries, identity) = try BaselineFile.readWithIdentity(gate.baseline)
        let (outcomes, rows) = try OutcomesFile.merge(shares, baseline: (entries, identity, gate.baseline))
        if let output { try ReportFiles.write(ReportFiles.merged(rows), to: output) }
        try gate.publish(outcomes)
    }
}
