import ArgumentParser
import SynFiles
import SynSpec
import SynSystem
import SynVerification

struct ProblemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "problem",
        abstract: "Write a spec model as a problem another simulator can run: equations, values, expected results.",
        discussion: """
            The JSON (schema synverify-problem, version 2; see ProblemFile) holds the equations in Brian2's \\
            syntax with SI base units, its inputs (windows, sines), parameters and initial values in SI and \\
            internal units, spike trains with their statements, threshold and reset, t_end, sample times and \\
            the closed-form (or reference) values there: a conformance case a simulator's own tests can read \\
            without SynVerify.
            Examples: synverify problem data/models/exp.yaml --dt 0.1ms
                      synverify problem --all data/models --output problems
            """
    )

    @Argument(help: "A spec file (.yaml).")
    var spec: String?

    @Option(help: ArgumentHelp("Every spec file under this directory (recursively).", valueName: "dir"))
    var all: String?

    @Option(help: ArgumentHelp("Where to write: a file (one spec) or a directory (--all).", valueName: "path"))
    var output: String?

    @Option(parsing: .unconditional, help: "Sample step (ms or with a unit; default t_end/1000).")
    var dt: String?

    func validate() throws {
        guard (spec == nil) != (all == nil) else { throw ValidationError("give one spec file or --all DIR") }
        if all != nil && output == nil { throw ValidationError("--all writes one file per spec: give --output DIR") }
    }

    func run() throws {
        let step = try dt.map { try QuantityList.parse($0, as: .time, for: "--dt", allowEmpty: false)[0] }
        if let step, !(step > 0) { throw ValidationError("--dt: \(step) ms is out of range: allowed > 0 ms") }
        if let spec {
            let text = try ProblemFile.problem(SpecFile.read(spec), sampleStep: step).serialized(pretty: true) + "\n"
            if let output { try FileSystem.writeAtomically(text, toPath: output) } else { print(text, terminator: "") }
            return
        }
        guard let all, let output else { return }
        try FileSystem.makeDirectory(output)
        var skipped = 0
        var written = 0
        var sources: [String: String] = [:]
        for path in try FileSystem.files(under: all, suffix: ".yaml") {
            // One spec that cannot be exported never hides the others.
            do {
                let parsed = try SpecFile.read(path)
                // Two specs of one name would write one file.
                if let first = sources[parsed.model.name] {
                    throw ValidationError(
                        "\(path): name '\(parsed.model.name)' is also the name of \(first); names must differ, "
                            + "as each problem is written to NAME.json")
                }
                sources[parsed.model.name] = path
                let text = try ProblemFile.problem(parsed, sampleStep: step).serialized(pretty: true) + "\n"
                try FileSystem.writeAtomically(text, toPath: "\(output)/\(parsed.model.name).json")
                written += 1
            } catch {
                skipped += 1
                FileSystem.writeToStandardError("synverify problem: skipped \(path): \(error)\n")
            }
        }
        print("wrote \(written) problem(s) to \(output)/\(skipped > 0 ? "; skipped \(skipped) (reasons above)" : "")")
        if skipped > 0 { throw ExitCode(1) }
    }
}
