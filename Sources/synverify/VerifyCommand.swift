import ArgumentParser
import SynIntegrators
import SynReports
import SynSpec
import SynVerification

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify users' model specs (YAML) against their closed forms with every method they list.",
        discussion: """
            Adaptive GSL steppers run at eps_abs = eps_rel = --eps; fixed-step methods at the step given as METHOD@STEP. \
            The output is the same as `compare`'s, one block (or JSON object) per spec × method. \
            A spec marked known_wrong passes when the verifier flags it.
            Example: synverify verify data/models/dualexp-peak.yaml --json
            """
    )

    @Argument(help: "Spec files.")
    var specs: [String]

    @Option(help: "Tolerance of the adaptive steppers (0 < eps < 1).")
    var eps: Double = 1e-10

    @Flag(help: "Print JSON (an array of comparisons).")
    var json = false

    func validate() throws {
        guard !specs.isEmpty else { throw ValidationError("verify: give at least one spec file") }
        guard eps > 0 && eps < 1 else { throw ValidationError("--eps: \(eps) is out of range: allowed 0 < eps < 1") }
    }

    func run() throws {
        var objects: [JSONValue] = []
        var lines: [String] = []
        var allPassed = true
        for path in specs {
            let spec = try SpecFile.parse(readText(path), file: path)
            let methods = spec.methods.isEmpty ? [(method: IntegrationMethod.gsl(.rk8pd), fixedStep: Double?.none)] : spec.methods
            for (method, step) in methods {
                var options = SolveOptions()
                options.method = method
                options.endTime = spec.model.endTime
                options.fixedStep = step
                options.epsAbs = eps
                options.epsRel = eps
                let c = try Verifier.compare(spec.model, name: spec.model.name, options: options)
                let ok = spec.model.knownWrong == nil ? c.verdict == .pass : c.verdict == .fail
                allPassed = allPassed && ok
                objects.append(VerificationJSON.comparison(c, parameters: []))
                var text = "\(path): \(c.model) with \(method)\(step.map { " @ \($0) ms" } ?? ""): \(c.verdict.rawValue.uppercased())"
                if spec.model.knownWrong != nil { text += ok ? " (known wrong: caught)" : " (known wrong: NOT caught)" }
                lines.append(text)
                lines += c.detailLines
            }
        }
        print(json ? JSONValue.array(objects).serialized(pretty: true) : lines.joined(separator: "\n"))
        if !allPassed { throw ExitCode(1) }
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
            let spec = try SpecFile.parse(readText(path), file: path)
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
