import ArgumentParser
import SynFiles
import SynSystem
import SynVerification

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Record the gate's baseline (only with --write) and print what changed.",
        discussion: "Example: synverify baseline --write   (then review and commit data/baseline.json)"
    )

    @OptionGroup var selection: SuiteSelection

    @Option(help: ArgumentHelp("Baseline file.", valueName: "file.json"))
    var baseline: String = "data/baseline.json"

    @Flag(help: "Write the baseline; without it nothing is written.")
    var write = false

    func validate() throws {
        guard selection.shard == nil else { throw ValidationError("--shard: a baseline records the whole suite") }
    }

    func run() throws {
        let results = try SuiteRunner.run(try selection.load(), jobs: selection.jobs)
        let entries = RegressionGate.baseline(of: results)
        var previous: [RegressionGate.BaselineEntry] = []
        if FileSystem.exists(baseline) {
            // An old or damaged baseline is what --write replaces: say so instead of refusing.
            do { previous = try BaselineFile.read(baseline) } catch {
                FileSystem.writeToStandardError(
                    "synverify: note: the old baseline is not read (\(error)); every row is new\n")
            }
        }
        let changes = BaselineFile.changes(from: previous, to: entries)
        print(changes.isEmpty ? "baseline unchanged (\(entries.count) rows)" : changes.joined(separator: "\n"))
        if write {
            try FileSystem.writeAtomically(BaselineFile.serialize(entries), toPath: baseline)
            print("wrote \(baseline)")
        } else if !changes.isEmpty {
            print("(not written: pass --write to record it)")
        }
    }
}
