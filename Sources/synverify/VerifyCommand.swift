import ArgumentParser
import SynFiles
import SynIntegrators
import SynReports
import SynSpec
import SynSystem
import SynVerification

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify users' model specs (YAML) against their closed forms with every method they list.",
        discussion: """
            Adaptive GSL steppers run at eps_abs = eps_rel = --eps; \
            fixed-step methods at the step given as METHOD@STEP. \
            The output is the same as `compare`'s, one block (or JSON object) per spec × method. \
            A spec marked known_wrong passes when the verifier flags it. \
            --report DIR also runs each spec as a suite entry (convergence over a step ladder ending at the smallest \
            step listed, tolerance studies for GSL steppers) and writes README.md, results.json and a page with plots \
            per spec into DIR, byte-identical across runs.
            Example: synverify verify data/models/dualexp-peak.yaml --json
            """
    )

    @Argument(help: "Spec files.")
    var specs: [String]

    @Option(help: "Tolerance of the adaptive steppers (0 < eps < 1).")
    var eps: Double = SolveOptions().epsAbs

    @Option(name: .customLong("eps-abs"), help: "Absolute tolerance of the adaptive steppers (default: --eps).")
    var epsAbs: Double?

    @Option(name: .customLong("eps-rel"), help: "Relative tolerance of the adaptive steppers (default: --eps).")
    var epsRel: Double?

    @Flag(help: "Print JSON (an array of comparisons).")
    var json = false

    @Option(help: ArgumentHelp("Also write report pages for the specs into this directory.", valueName: "dir"))
    var report: String?

    @Option(help: "Worker threads for --report (1 … 64); the pages do not depend on it.")
    var jobs: Int = 1

    func validate() throws {
        guard !specs.isEmpty else { throw ValidationError("verify: give at least one spec file") }
        guard eps > 0 && eps < 1 else { throw ValidationError("--eps: \(eps) is out of range: allowed 0 < eps < 1") }
        for (name, value) in [("--eps-abs", epsAbs), ("--eps-rel", epsRel)] {
            if let value, !(value >= 0 && value < 1) {
                throw ValidationError("\(name): \(value) is out of range: allowed 0 ≤ eps < 1")
            }
        }
        guard (epsAbs ?? eps) > 0 || (epsRel ?? eps) > 0 else {
            throw ValidationError("--eps-abs and --eps-rel: at least one must be > 0")
        }
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs: \(jobs) is out of range: allowed 1 … 64") }
    }

    func run() throws {
        var objects: [JSONValue] = []
        var lines: [String] = []
        var allPassed = true
        // Each spec with its model compiled to machine code where a C compiler runs: the same
        // values bit for bit as the tapes (tested), faster.
        var parsed: [(path: String, spec: SpecFile.Spec, model: SpecModel)] = []
        for path in specs {
            let spec = try SpecFile.read(path)
            if let other = parsed.first(where: { $0.spec.model.name == spec.model.name }) {
                throw ValidationError(
                    "\(path): the name '\(spec.model.name)' is already used by \(other.path); spec names must differ")
            }
            parsed.append((path, spec, spec.model.compiledNatively()))
        }
        for (path, spec, model) in parsed {
            let methods =
                spec.methods.isEmpty ? [(method: IntegrationMethod.gsl(.rk8pd), fixedStep: Double?.none)] : spec.methods
            for (method, step) in methods {
                var options = SolveOptions()
                options.method = method
                options.endTime = spec.model.endTime
                options.fixedStep = step
                options.epsAbs = epsAbs ?? eps
                options.epsRel = epsRel ?? eps
                let c: Comparison
                do {
                    c = try Verifier.compare(model, name: spec.model.name, options: options)
                } catch {
                    guard case .unsupportedMethod(_, let reason) = error else { throw error }
                    // One method that does not apply is one row; the others still run.
                    let label = "\(method)\(step.map { " @ \($0) ms" } ?? "")"
                    lines.append("\(path): \(spec.model.name) with \(label): NOT APPLICABLE: \(reason)")
                    objects.append(
                        .object([
                            ("model", .string(spec.model.name)), ("method", .string(method.description)),
                            ("verdict", .string("not applicable")), ("reasons", .array([.string(reason)])),
                        ]))
                    continue
                }
                let ok = c.holds
                allPassed = allPassed && ok
                objects.append(VerificationJSON.comparison(c, parameters: []))
                var text =
                    "\(path): \(c.model) with \(method)\(step.map { " @ \($0) ms" } ?? ""): "
                    + "\(c.verdict.rawValue.uppercased())"
                if spec.model.knownWrong != nil { text += ok ? " (known wrong: caught)" : " (known wrong: NOT caught)" }
                lines.append(text)
                lines += c.detailLines
            }
        }
        print(json ? JSONValue.array(objects).serialized(pretty: true) : lines.joined(separator: "\n"))
        if let report { try writeReport(parsed, to: report) }
        if !allPassed { throw ExitCode(1) }
    }

    /// Each spec as a suite entry (`SuiteFile.entry(for:model:path:)`), run and written as a report.
    func writeReport(_ parsed: [(path: String, spec: SpecFile.Spec, model: SpecModel)], to directory: String) throws {
        var entries: [VerificationSuite.Entry] = []
        for (path, spec, model) in parsed {
            let (entry, skipped) = SuiteFile.entry(for: spec, model: model, path: path)
            for note in skipped { FileSystem.writeToStandardError("verify --report: \(note)\n") }
            entries.append(entry)
        }
        let results = try SuiteRunner.run(VerificationSuite(entries: entries), jobs: jobs) { _, _, _, _ in }
        let pages = parsed.map { ModelPage.Description(spec: $0.model, path: $0.path) }
        let origin =
            "Generated by `synverify verify --report` from the spec files "
            + parsed.map { "`\($0.path)`" }.joined(separator: ", ") + "."
        let files = ReportFiles.suite(results, specs: pages, kernels: false, origin: origin)
        try ReportFiles.write(files, to: directory)
    }
}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check spec files without verifying: syntax, units, and the closed form against the ODE.",
        discussion: "Example: synverify lint data/models/dualexp-peak.yaml"
    )

    @Argument(help: "Spec files.")
    var specs: [String]

    func run() throws {
        var failed = false
        for path in specs {
            let spec = try SpecFile.read(path)
            let findings = SpecLint.check(spec.model)
            if findings.problems.isEmpty {
                print("\(path): ok (\(findings.checks.joined(separator: "; ")))")
            } else {
                failed = true
                for problem in findings.problems { print("\(path): \(problem)") }
            }
        }
        if failed { throw ExitCode(1) }
    }
}
